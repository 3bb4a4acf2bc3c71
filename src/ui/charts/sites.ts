// What a routed site is, for the expert-load chart: its name ("block0.msa.q", "block0.ffn1",
// given by the model, README §Model 2.2-2.4) in words, short under the bars and whole on hover.

export interface SiteWords {
  /** "attention Q, block 1" */
  short: string;
  /** One or two sentences: where the site is and what its experts are. */
  long: string;
}

const PROJECTION: Record<string, string> = { q: 'query', k: 'key', v: 'value' };

export function describeSite(site: string, experts: number): SiteWords {
  const msa = /^block(\d+)\.msa\.([qkv])$/.exec(site);
  if (msa) {
    const block = Number(msa[1]) + 1;
    const which = msa[2];
    return {
      short: `attention ${which.toUpperCase()}, block ${block}`,
      long: `${site}: block ${block}, MoE self-attention, the ${PROJECTION[which]} projection (${which.toUpperCase()}). Each token's ${PROJECTION[which]} is computed by one of ${experts} projection matrices, the one this site's own router picks (README §Model 2.2).`,
    };
  }
  const ffn = /^block(\d+)\.ffn(\d)$/.exec(site);
  if (ffn) {
    const block = Number(ffn[1]) + 1;
    return {
      short: `feed-forward ${ffn[2]}, block ${block}`,
      long: `${site}: block ${block}, MoE feed-forward layer ${ffn[2]} of 2. Each token goes to one of ${experts} expert MLPs, the one this site's router picks (top-1, README §Model 2.3).`,
    };
  }
  return { short: site, long: `${site}: a routed site with ${experts} experts.` };
}
