// The demo shop's catalogue: ten product categories, items that each belong to one
// category (so an item ID tells its category) with Zipf-like popularity inside it, and a
// log-normal price per item around its category's typical price.
import type { Rng } from '../util/rng';

export const EVENT_TYPES = ['view', 'cart', 'purchase', 'return'] as const;
export const VIEW = 0;
export const CART = 1;
export const PURCHASE = 2;
export const RETURN = 3;

export const CATEGORIES = ['electronics', 'jewelry', 'sports', 'fashion', 'home', 'beauty', 'toys', 'books', 'grocery', 'garden'] as const;
/** The first PREMIUM_CATEGORIES categories are the premium ones (electronics, jewelry, sports). */
export const PREMIUM_CATEGORIES = 3;
const TYPICAL_PRICE = [180, 120, 60, 45, 40, 25, 30, 15, 8, 35];

export const NUM_ITEMS = 3000;
/** Zipf exponent of item popularity within a category. */
const ZIPF = 1.05;

export interface Catalogue {
  itemCategory: Uint8Array;
  itemPrice: Float64Array;
  itemNames: string[];
  /** Per category: its items by popularity and the cumulative popularity. */
  byCategory: { items: Int32Array; cdf: Float64Array }[];
}

export function makeCatalogue(rng: Rng): Catalogue {
  const itemCategory = new Uint8Array(NUM_ITEMS);
  const itemPrice = new Float64Array(NUM_ITEMS);
  const members: number[][] = CATEGORIES.map(() => []);
  for (let i = 0; i < NUM_ITEMS; i++) {
    const c = rng.int(CATEGORIES.length);
    itemCategory[i] = c;
    itemPrice[i] = TYPICAL_PRICE[c] * Math.exp(0.5 * rng.normal());
    members[c].push(i);
  }
  const byCategory = members.map((items) => {
    const cdf = new Float64Array(items.length);
    let total = 0;
    for (let r = 0; r < items.length; r++) {
      total += 1 / (r + 1) ** ZIPF;
      cdf[r] = total;
    }
    for (let r = 0; r < items.length; r++) cdf[r] /= total;
    return { items: Int32Array.from(items), cdf };
  });
  const itemNames = Array.from({ length: NUM_ITEMS }, (_, i) => `item_${String(i).padStart(4, '0')}`);
  return { itemCategory, itemPrice, itemNames, byCategory };
}

/** A popular-first random item of category `c`. */
export function drawItem(cat: Catalogue, c: number, rng: Rng): number {
  const { items, cdf } = cat.byCategory[c];
  const u = rng.next();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return items[lo];
}

/** What a user pays for an item: its price give or take 10%. */
export function drawAmount(cat: Catalogue, item: number, rng: Rng): number {
  return cat.itemPrice[item] * Math.exp(0.1 * rng.normal());
}

export const isPremium = (c: number) => c < PREMIUM_CATEGORIES;
