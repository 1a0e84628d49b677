import type { Page } from '@playwright/test';

import { expect } from './fixtures';

/** The demo admin's token of this run (playwright.config.ts gives it to the server). */
export function adminToken(): string {
  const token = process.env.SEGSCOPE_E2E_ADMIN_TOKEN;
  if (!token)
    throw new Error('SEGSCOPE_E2E_ADMIN_TOKEN is not set: run through playwright.config.ts');
  return token;
}

/** Signs in through the header's dialog, as a user would, and waits for the header to say so. */
export async function signIn(page: Page, token = adminToken()): Promise<void> {
  const access = page.getByRole('group', { name: 'Access' });
  await access.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in as admin' });
  await dialog.getByLabel('Admin token').fill(token);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('group', { name: 'Signed in' })).toBeVisible();
}
