export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
export const colorOf = (i: number) => PALETTE[i % PALETTE.length];
/** Points a chart draws at most: thousands of steps are bucket-averaged to this. */
export const MAX_POINTS = 300;
