import { expect, type Page } from "@playwright/test";

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
