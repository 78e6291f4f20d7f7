// A fresh customer with an inquiry to Fjord & Fell (the agency Dave staffs), signed in in a browser context of
// their own: live specs count unread messages and list items of a conversation nobody else writes to.
import { expect, type Browser, type Page } from "@playwright/test";
import { api } from "../../../lib/paths.ts";
import { seededAgencies } from "../../support/factories/seed.ts";
import { signUpNewUser, type TestUser } from "./test-users.ts";
import { signInThroughForm } from "./ui.ts";

export type Inquiry = { customer: TestUser; customerPage: Page; conversationId: string };

/** The caller closes `customerPage.context()`. */
export async function openInquiryAsNewCustomer(browser: Browser): Promise<Inquiry> {
  const customer = await signUpNewUser(`Live ${Math.random().toString(36).slice(2, 8)}`);
  const context = await browser.newContext();
  const customerPage = await context.newPage();
  await signInThroughForm(customerPage, customer);
  const created = await customerPage.request.post(api.conversations(), {
    data: {
      context_type: "agency_inquiry",
      context_id: seededAgencies.fjord.id,
      initial_message: "Hello, is the northern lights trip still on?",
    },
  });
  expect(created.status()).toBe(201);
  const conversationId = ((await created.json()) as { data: { id: string } }).data.id;
  return { customer, customerPage, conversationId };
}
