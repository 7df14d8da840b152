import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { AuditPage } from './pages/audit-page';
import { LoginPage } from './pages/login-page';

// the second server of playwright.config.ts: users and tokens from e2e/fixtures/auth-*.json
const authBaseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;
const operator = { name: 'e2e-operator', password: 'e2e-operator-password' };
const viewer = { name: 'e2e-viewer', password: 'e2e-viewer-password' };
const viewerToken = 'lens_e2e-viewer-token';
const operatorToken = 'lens_e2e-operator-token';
// a write that needs the operator role and checks authorization before anything else
const operatorWrite = '/api/dead-letters/e2e-auth-dlq:0:0/requeue';

test.describe('with users and API tokens configured', () => {
  test.use({ baseURL: authBaseURL });

  test('a page without a session goes to the login form, and a wrong password is refused', async ({ page }) => {
    const login = new LoginPage(page);
    await page.goto('/records?q=hello');
    await expect(page).toHaveURL(/\/login\?next=%2Frecords%3Fq%3Dhello$/);
    await login.expectShown();
    await login.signIn(operator.name, 'not-the-password');
    await expect(login.error).toHaveText('wrong user name or password');
    await expect(page).toHaveURL(/\/login/);
  });

  test('an operator signs in, sees their name and role, and signs out', async ({ page }) => {
    const login = new LoginPage(page);
    await page.goto('/lag');
    await login.signIn(operator.name, operator.password);
    await expect(page).toHaveURL(`${authBaseURL}/lag`);
    await expect(login.signedInName).toHaveText(operator.name);
    await expect(login.signedInRole).toHaveText('operator');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lens_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await login.signOut.click();
    await login.expectShown();
    await page.goto('/lag');
    await expect(page).toHaveURL(/\/login\?next=%2Flag$/);
  });

  test('the API answers 401 without credentials and 200 with a token', async ({ request }) => {
    for (const path of ['/api/records', '/api/health', '/api/lag', '/api/audit', '/api/auth/me']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
      expect(((await response.json()) as { error: string }).error).toMatch(/authentication required/);
    }
    const me = await request.get('/api/auth/me', { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(await me.json()).toEqual({ name: 'e2e-viewer-token', role: 'viewer', via: 'token', localMode: false });
    expect((await request.get('/api/records', { headers: { authorization: 'Bearer lens_wrong' } })).status()).toBe(401);
  });

  test('a viewer gets 403 on an operator action, and a foreign Origin gets 403', async ({ request }) => {
    const asViewer = await request.post(operatorWrite, { headers: { authorization: `Bearer ${viewerToken}` }, data: {} });
    expect(asViewer.status()).toBe(403);
    expect(((await asViewer.json()) as { error: string }).error).toMatch(/operator role is needed/);

    const signIn = await request.post('/api/auth/login', { data: viewer });
    expect(signIn.status()).toBe(200);
    const viaSession = await request.post(operatorWrite, { data: {} });
    expect(viaSession.status()).toBe(403);

    const foreign = await request.post(operatorWrite, { headers: { authorization: `Bearer ${operatorToken}`, origin: 'http://evil.example' }, data: {} });
    expect(foreign.status()).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/foreign Origin/);
    const foreignLogin = await request.post('/api/auth/login', { headers: { origin: 'http://evil.example' }, data: operator });
    expect(foreignLogin.status()).toBe(403);
  });

  test('the audit page lists the sign-ins and exports them as JSON', async ({ page, request }) => {
    expect((await request.post('/api/auth/login', { data: { name: viewer.name, password: 'wrong-password' } })).status()).toBe(401);
    const login = new LoginPage(page);
    const audit = new AuditPage(page);
    await page.goto('/audit');
    await login.signIn(operator.name, operator.password);
    await expect(page).toHaveURL(`${authBaseURL}/audit`);
    await audit.filterByAction('login');
    await expect(page).toHaveURL(/\/audit\?action=login$/);
    await expect(audit.row('login', 'ok').first()).toContainText(operator.name);
    await expect(audit.row('login', 'failed').first()).toContainText(viewer.name);
    await expect(audit.row('login', 'failed').first()).toContainText('wrong password');
    await expect(audit.rows.filter({ hasText: 'logout' })).toHaveCount(0);

    expect((await request.post(operatorWrite, { headers: { authorization: `Bearer ${viewerToken}` }, data: {} })).status()).toBe(403);
    await audit.open('?action=dead-letter.requeue&result=refused');
    await expect(audit.rows.first()).toContainText('e2e-viewer-token');
    await expect(audit.rows.first()).toContainText('e2e-auth-dlq:0:0');
    await audit.open('?action=login');

    const [download] = await Promise.all([page.waitForEvent('download'), audit.exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^eventy-lens-audit-.*\.json$/);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { items: { action: string; result: string; actor: { name: string } }[] };
    expect(exported.items.length).toBeGreaterThan(0);
    expect(exported.items.every((item) => item.action === 'login')).toBe(true);
    expect(exported.items.some((item) => item.result === 'ok' && item.actor.name === operator.name)).toBe(true);
    expect(JSON.stringify(exported)).not.toContain(operator.password);
  });
});

test.describe('in local mode', () => {
  test('everyone is the local operator, shown in the header, but only on a loopback Host', async ({ page, request }) => {
    await page.goto('/');
    await expect(page.getByTestId('local-mode')).toHaveText('local mode');
    expect(await (await request.get('/api/auth/me')).json()).toEqual({ name: 'local', role: 'operator', via: 'local', localMode: true });
    const rebound = await request.get('/api/auth/me', { headers: { host: 'rebound.example' } });
    expect(rebound.status()).toBe(403);
  });
});
