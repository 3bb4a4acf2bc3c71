// The sequence features the demo tasks are built from, read off a finished sequence (what
// the model sees), each a yes/no a small transformer can compute: "which kind of event came
// last" or "is it among the last few" is a comparison of positions, which max-pooling over
// position-aware token states exposes to a linear tower.
import { CART, isPremium, PURCHASE, RETURN } from './demoCatalogue';
import { LONG_PAUSE_DAYS, RECENT, type UserSequence } from './demoSequence';

export interface DemoFeatures {
  /** The most recent cart was checked out: a purchase came after it (order matters: a cart after the last purchase is left in the basket). */
  checkedOut: boolean;
  /** All but at most one of the RECENT most recent events are in premium categories. */
  recentPremium: boolean;
  /** Some event is a return. */
  returned: boolean;
  /** One of the RECENT most recent events came more than LONG_PAUSE_DAYS after the event before it. */
  recentPause: boolean;
  /** Some purchase cost BIG_PURCHASE or more. */
  bigPurchase: boolean;
}

export const BIG_PURCHASE = 100;

export function demoFeatures(s: UserSequence): DemoFeatures {
  const n = s.length;
  let lastCart = -1;
  let lastPurchase = -1;
  let returned = false;
  let bigPurchase = false;
  for (let p = 0; p < n; p++) {
    const t = s.type[p];
    if (t === PURCHASE) {
      lastPurchase = p;
      if (s.amount[p] >= BIG_PURCHASE) bigPurchase = true;
    }
    if (t === CART) lastCart = p;
    if (t === RETURN) returned = true;
  }
  const first = Math.max(0, n - RECENT);
  let premium = 0;
  let recentPause = false;
  for (let p = first; p < n; p++) {
    if (isPremium(s.category[p])) premium++;
    if (p > 0 && s.time[p] - s.time[p - 1] > LONG_PAUSE_DAYS * 86_400_000) recentPause = true;
  }
  return { checkedOut: lastCart >= 0 && lastPurchase > lastCart, recentPremium: premium >= RECENT - 1, returned, recentPause, bigPurchase };
}
