import { expect, type Locator, type Page } from "@playwright/test";

/** The two sizes the console is checked at (issue 14): a laptop and a phone. */
export const VIEWPORTS = [
  { name: "1280x800", width: 1280, height: 800 },
  { name: "390x844", width: 390, height: 844 },
] as const;

/** No part of the page is wider than the window: tables and code scroll inside their own boxes. */
export async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    // The element reaching furthest right, to say what to fix.
    let widest = "";
    let right = window.innerWidth;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect().right;
      if (r > right) [right, widest] = [r, `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").slice(0, 80)}`];
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide in a ${innerWidth} px window (${widest})`).toBeLessThanOrEqual(innerWidth);
}

/**
 * An open dialog (a form, the auth type picker) fits the window: nothing in it reaches past its own
 * edges or the window's. With `page`, the whole page behind it is checked as well.
 */
export async function expectDialogFits(dialog: Locator, page?: Page) {
  const box = await dialog.evaluate((el) => {
    const own = el.getBoundingClientRect();
    let right = own.right;
    let widest = "";
    for (const d of Array.from(el.querySelectorAll("*"))) {
      const r = d.getBoundingClientRect();
      if (r.right > right + 0.5) [right, widest] = [r.right, `${d.tagName.toLowerCase()}.${String(d.getAttribute("class") ?? "").slice(0, 80)}`];
    }
    return { left: own.left, right: own.right, furthest: right, widest, innerWidth: window.innerWidth };
  });
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right, "the dialog is wider than the window").toBeLessThanOrEqual(box.innerWidth);
  expect(box.furthest, `${box.widest} reaches past the dialog`).toBeLessThanOrEqual(box.right + 0.5);
  if (page) await expectNoHorizontalOverflow(page);
}
