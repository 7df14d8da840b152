/** The shop's customers and products, and random carts drawn from them. */
import { between, chance, pick, type Rng } from './random-source';

export interface Address {
  line1: string;
  city: string;
  postal_code: string;
  country: string;
}

export interface Customer {
  id: string;
  name: string;
  email: string;
  locale: string;
  /** the web account, absent for guest checkouts */
  userId: string | null;
  address: Address;
}

export interface Product {
  sku: string;
  name: string;
  unitPriceCents: number;
  weightGrams: number;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
}

export interface Order {
  orderId: string;
  customer: Customer;
  lines: OrderLine[];
  subtotalCents: number;
  shippingCents: number;
  totalCents: number;
  currency: 'EUR';
  weightGrams: number;
}

const customer = (id: string, name: string, email: string, locale: string, userId: string | null, address: Address): Customer => ({ id, name, email, locale, userId, address });

export const customers: readonly Customer[] = [
  customer('cus-77', 'Zoë Müller', 'zoe.mueller@example.de', 'de-DE', 'u-981', { line1: 'Kastanienallee 12', city: 'Berlin', postal_code: '10435', country: 'DE' }),
  customer('cus-102', 'François Lefèvre', 'f.lefevre@example.fr', 'fr-FR', 'u-1204', { line1: '8 rue de la Charité', city: 'Lyon', postal_code: '69002', country: 'FR' }),
  customer('cus-131', 'Søren Kjærgaard', 'soren@example.dk', 'da-DK', null, { line1: 'Nørrebrogade 44', city: 'København', postal_code: '2200', country: 'DK' }),
  customer('cus-208', 'Łukasz Wójcik', 'lukasz.wojcik@example.pl', 'pl-PL', 'u-2290', { line1: 'ul. Floriańska 3', city: 'Kraków', postal_code: '31-019', country: 'PL' }),
  customer('cus-245', 'José Álvarez', 'jose.alvarez@example.es', 'es-ES', 'u-2313', { line1: 'Calle Betis 27', city: 'Sevilla', postal_code: '41010', country: 'ES' }),
  customer('cus-317', 'Ana Luísa Gonçalves', 'ana.goncalves@example.pt', 'pt-PT', null, { line1: 'Rua de Santa Catarina 150', city: 'Porto', postal_code: '4000-447', country: 'PT' }),
  customer('cus-356', 'Jürgen Weiß', 'j.weiss@example.at', 'de-AT', 'u-3377', { line1: 'Mariahilfer Straße 88', city: 'Wien', postal_code: '1070', country: 'AT' }),
  customer('cus-402', 'Chloé Dubois', 'chloe.dubois@example.fr', 'fr-FR', 'u-4018', { line1: '21 boulevard Voltaire', city: 'Paris', postal_code: '75011', country: 'FR' }),
  customer('cus-466', 'Seán Ó Briain', 'sean.obriain@example.ie', 'en-IE', 'u-4470', { line1: '5 Camden Street', city: 'Dublin', postal_code: 'D02 XY45', country: 'IE' }),
  customer('cus-519', 'Ingrid Bjørnstad', 'ingrid.b@example.no', 'nb-NO', null, { line1: 'Thorvald Meyers gate 9', city: 'Oslo', postal_code: '0555', country: 'NO' }),
  customer('cus-583', 'Mia Schmidt', 'mia.schmidt@example.de', 'de-DE', 'u-5861', { line1: 'Schanzenstraße 31', city: 'Hamburg', postal_code: '20357', country: 'DE' }),
  customer('cus-640', 'Giulia Rossi', 'giulia.rossi@example.it', 'it-IT', 'u-6402', { line1: 'Via dei Serpenti 14', city: 'Roma', postal_code: '00184', country: 'IT' }),
];

const product = (sku: string, name: string, unitPriceCents: number, weightGrams: number): Product => ({ sku, name, unitPriceCents, weightGrams });

export const products: readonly Product[] = [
  product('SKU-TEA-0001', 'Sencha Kyōto, 100 g', 1290, 120),
  product('SKU-COF-0014', 'Café Colombia Huila, 250 g', 1150, 270),
  product('SKU-KIT-0102', 'Crème brûlée torch', 3490, 410),
  product('SKU-KIT-0230', 'Cast-iron pan Ø 28 cm', 5990, 2600),
  product('SKU-TEX-0311', 'Linen tea towel „Grünkohl“', 990, 90),
  product('SKU-CER-0420', 'Stoneware mug, 350 ml', 1890, 380),
  product('SKU-PAN-0507', 'Pâte à tartiner noisette, 350 g', 790, 400),
  product('SKU-SPI-0611', 'Smoked paprika (pimentón de la Vera)', 650, 80),
];

/** Flat rate for light parcels, more above 2 kg: good enough for a shop's checkout page. */
export function shippingCentsFor(weightGrams: number): number {
  return weightGrams > 2000 ? 990 : 490;
}

export function randomCart(rng: Rng): OrderLine[] {
  const count = between(rng, 1, 4);
  const chosen = new Map<string, OrderLine>();
  for (let i = 0; i < count; i++) {
    const p = pick(rng, products);
    const quantity = chance(rng, 0.8) ? 1 : between(rng, 2, 3);
    const line = chosen.get(p.sku);
    if (line) line.quantity += quantity;
    else chosen.set(p.sku, { sku: p.sku, name: p.name, quantity, unit_price_cents: p.unitPriceCents });
  }
  return [...chosen.values()];
}

export function weightOf(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * (products.find((p) => p.sku === l.sku)?.weightGrams ?? 500), 0);
}

export function randomOrder(rng: Rng, orderId: string): Order {
  const lines = randomCart(rng);
  const subtotalCents = lines.reduce((sum, l) => sum + l.quantity * l.unit_price_cents, 0);
  const weightGrams = weightOf(lines);
  const shippingCents = shippingCentsFor(weightGrams);
  return { orderId, customer: pick(rng, customers), lines, subtotalCents, shippingCents, totalCents: subtotalCents + shippingCents, currency: 'EUR', weightGrams };
}

export function customerById(id: unknown): Customer | undefined {
  return customers.find((c) => c.id === id);
}
