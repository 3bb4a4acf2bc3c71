// One demo user's event sequence. A user has an older interest (a category most of their
// earlier events are about) and a current one (the last RECENT events), a funnel of views and
// carts, and planted patterns that the demo tasks read: a cart checked out (bought, with no
// cart after it) or a purchase followed by a cart left in the basket, a return of a
// purchase, and pauses of more than a week, early on or among the last events. The planting
// only sets how common each pattern is; the tasks read the finished sequence (demoFeatures).
import type { Rng } from '../util/rng';
import { CART, CATEGORIES, drawAmount, drawItem, PREMIUM_CATEGORIES, PURCHASE, RETURN, VIEW, type Catalogue } from './demoCatalogue';

/** The window the recency features look at: the RECENT most recent events. */
export const RECENT = 4;
export const MIN_EVENTS = 6;
/** A pause longer than this counts as a long pause. */
export const LONG_PAUSE_DAYS = 7;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How often each pattern is planted. */
const P = {
  interestKept: 0.7,
  recentInterestKept: 0.85,
  premiumInterest: 0.5,
  backgroundCart: 0.2,
  checkout: 0.5,
  abandonedCart: 0.6,
  returnAfterPurchase: 0.35,
  newSession: 0.3,
  earlyPause: 0.45,
  recentPause: 0.4,
};

export interface UserSequence {
  /** Events drawn; the arrays may be longer (a reused buffer). */
  length: number;
  type: Uint8Array;
  category: Uint8Array;
  item: Int32Array;
  amount: Float64Array;
  /** Event time, ms since 1970. */
  time: Float64Array;
}

const logUniform = (rng: Rng, lo: number, hi: number) => lo * Math.exp(rng.next() * Math.log(hi / lo));

function drawInterest(rng: Rng): number {
  return rng.next() < P.premiumInterest ? rng.int(PREMIUM_CATEGORIES) : PREMIUM_CATEGORIES + rng.int(CATEGORIES.length - PREMIUM_CATEGORIES);
}

/** Sets event p to `type` on `item`, with a fresh amount. */
function setEvent(s: UserSequence, cat: Catalogue, rng: Rng, p: number, type: number, item: number): void {
  s.type[p] = type;
  s.item[p] = item;
  s.category[p] = cat.itemCategory[item];
  s.amount[p] = drawAmount(cat, item, rng);
}

function drawBackground(s: UserSequence, cat: Catalogue, rng: Rng): void {
  const older = drawInterest(rng);
  const current = drawInterest(rng);
  for (let p = 0; p < s.length; p++) {
    const recent = p >= s.length - RECENT;
    const keep = rng.next() < (recent ? P.recentInterestKept : P.interestKept);
    const c = keep ? (recent ? current : older) : rng.int(CATEGORIES.length);
    setEvent(s, cat, rng, p, rng.next() < P.backgroundCart ? CART : VIEW, drawItem(cat, c, rng));
  }
}

/**
 * A checked-out cart (a cart, later the purchase of that item, and no cart after it), or a
 * purchase followed by a cart left in the basket (the same events in the other order), or
 * no purchase; then, sometimes, the return of the purchase.
 */
function plantPurchases(s: UserSequence, cat: Catalogue, rng: Rng): void {
  const n = s.length;
  let bought = -1;
  if (rng.next() < P.checkout) {
    bought = 1 + rng.int(n - 1);
    setEvent(s, cat, rng, rng.int(bought), CART, s.item[bought]);
    setEvent(s, cat, rng, bought, PURCHASE, s.item[bought]);
    for (let p = bought + 1; p < n; p++) if (s.type[p] === CART) s.type[p] = VIEW;
  } else if (rng.next() < P.abandonedCart) {
    bought = rng.int(n - 1);
    setEvent(s, cat, rng, bought, PURCHASE, s.item[bought]);
    setEvent(s, cat, rng, bought + 1 + rng.int(n - 1 - bought), CART, drawItem(cat, s.category[bought], rng));
  }
  if (bought >= 0 && bought < n - 1 && rng.next() < P.returnAfterPurchase) {
    const p = bought + 1 + rng.int(n - 1 - bought);
    s.type[p] = RETURN;
    s.item[p] = s.item[bought];
    s.category[p] = s.category[bought];
    s.amount[p] = s.amount[bought];
  }
}

/** Sessions of minutes apart events, hours to days between sessions, and planted long pauses. */
function drawTimes(s: UserSequence, rng: Rng, start: number): void {
  const n = s.length;
  const gaps = s.time; // the gaps first, then summed in place into times
  gaps[0] = 0;
  for (let p = 1; p < n; p++) {
    gaps[p] = rng.next() < P.newSession ? logUniform(rng, 3 * HOUR, 3 * DAY) : logUniform(rng, 30_000, 20 * 60_000);
  }
  // Well clear of the longest session break (3 days), so that a pause is plain in the time-gap channel.
  const pause = () => logUniform(rng, (LONG_PAUSE_DAYS + 3) * DAY, 40 * DAY);
  if (n > RECENT + 1 && rng.next() < P.earlyPause) gaps[1 + rng.int(n - RECENT - 1)] = pause();
  const firstRecent = Math.max(1, n - RECENT);
  if (n > 1 && rng.next() < P.recentPause) gaps[firstRecent + rng.int(n - firstRecent)] = pause();
  let t = start;
  for (let p = 0; p < n; p++) {
    t += gaps[p];
    s.time[p] = t;
  }
}

/** A sequence buffer for up to `capacity` events, refilled for each user (no allocation per user). */
export function sequenceBuffer(capacity: number): UserSequence {
  return {
    length: 0,
    type: new Uint8Array(capacity),
    category: new Uint8Array(capacity),
    item: new Int32Array(capacity),
    amount: new Float64Array(capacity),
    time: new Float64Array(capacity),
  };
}

/** Draws one user's events into `s` (a buffer of capacity ≥ seqLen). */
export function drawSequence(s: UserSequence, cat: Catalogue, rng: Rng, seqLen: number, start: number): void {
  const lo = Math.min(MIN_EVENTS, seqLen);
  s.length = lo + rng.int(seqLen - lo + 1);
  drawBackground(s, cat, rng);
  if (s.length >= 2) plantPurchases(s, cat, rng);
  drawTimes(s, rng, start);
}
