import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from '../../generated/paths.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type KnownPath<M extends Method> = ClientPathsWithMethod<Client<paths>, M>;
type InitFor<Path, M extends Method> = Path extends KnownPath<M> ? MaybeOptionalInit<paths[Path], M> : never;
type InitParam<Init> = {} extends Init ? [init?: Init & { [key: string]: unknown }] : [init: Init & { [key: string]: unknown }];

/** What openapi-fetch's `FetchResponse` requires of an operation, as it spells it. */
// biome-ignore lint/suspicious/noExplicitAny: the same constraint as openapi-fetch's own, so every operation it accepts passes.
type FetchableOperation = Record<string | number, any>;

/**
 * openapi-fetch's method, with the same parameters and result for every known
 * path. An unknown path makes `init` optional, so TypeScript reports the path
 * itself ("Argument of type '"/v1/mesages"' is not assignable ...") rather
 * than "Expected 2 arguments, but got 1", which is what openapi-fetch's own
 * signature yields when the path cannot be inferred.
 */
type RawMethod<M extends Method> = <Path extends string, Init extends InitFor<Path, M>>(
  url: Path extends KnownPath<M> ? Path : KnownPath<M>,
  ...init: Path extends KnownPath<M> ? InitParam<Init> : [init?: unknown]
) => Promise<Path extends KnownPath<M> ? FetchResponse<Extract<paths[Path][M], FetchableOperation>, Init, `${string}/${string}`> : never>;

/** The generated client over every surface's paths, as `client.raw` exposes it. */
export type RawClient = Omit<Client<paths>, Uppercase<Method>> & { readonly [M in Method as Uppercase<M>]: RawMethod<M> };

/**
 * The same object, typed as {@link RawClient}. TypeScript cannot relate the two
 * generic signatures on its own; the tests compare their results call by call.
 */
export function narrowPaths(client: Client<paths>): RawClient {
  return client as RawClient;
}
