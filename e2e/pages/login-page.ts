import { expect, type Locator, type Page } from '@playwright/test';

/** The /login form and the header's account corner. */
export class LoginPage {
  readonly form: Locator;
  readonly error: Locator;
  readonly signedInName: Locator;
  readonly signedInRole: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('login-form');
    this.error = page.getByTestId('login-error');
    this.signedInName = page.getByTestId('signed-in-name');
    this.signedInRole = page.getByTestId('signed-in-role');
    this.signOut = page.getByRole('button', { name: 'Sign out' });
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in to Eventy Lens' })).toBeVisible();
  }

  async signIn(name: string, password: string): Promise<void> {
    await this.form.getByLabel('User name').fill(name);
    await this.form.getByLabel('Password').fill(password);
    await this.form.getByRole('button', { name: 'Sign in' }).click();
  }
}
