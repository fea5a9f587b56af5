/**
 * A fetch that keeps each request's round trip as the client sees it: ms from handing the request to the
 * platform's fetch to its response, so any wait for the rate limit before it is not counted.
 */
export function timedFetch(): { fetch: (request: Request, init?: RequestInit) => Promise<Response>; roundTrips: number[] } {
  const roundTrips: number[] = [];
  return {
    roundTrips,
    fetch: async (request, init) => {
      const sent = performance.now();
      const response = await fetch(request, init);
      roundTrips.push(performance.now() - sent);
      return response;
    },
  };
}

/** The mean of round trips in ms, as the bounds on a limiter's rate use it. */
export function meanRoundTrip(roundTrips: readonly number[]): number {
  return roundTrips.reduce((sum, ms) => sum + ms, 0) / roundTrips.length;
}
