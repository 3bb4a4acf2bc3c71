// Shared by the property tests (fast-check): each fixes its seed so that CI sees the same cases
// every time, and runs this many of them, which keeps the whole property suite well under a
// minute on a 2-core machine. Raise it locally (PROPERTY_RUNS=5000) to search harder.
export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
