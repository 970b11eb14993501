/**
 * DNS with the SSRF guard applied at connect time. The lookup handed to the socket resolves the
 * host once, refuses it when ANY of its addresses is blocked (an attacker controlling DNS could mix
 * a public and a private answer), and returns exactly the vetted addresses to `net.connect`, so the
 * connection is pinned to what was checked: a DNS-rebinding second answer is never consulted.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { blockedReason } from './address-policy.ts';
import type { BlockedReason } from './address-policy.ts';
import { FetchError } from './errors.ts';

/** Resolves a hostname to all its addresses (injectable so tests can simulate hostile DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Decides whether an address may be contacted; null means allowed. */
export type AddressPolicy = (address: string) => BlockedReason | null;

export interface GuardOptions {
  /** `TRIBUTARY_ALLOW_PRIVATE_NETWORKS=true`: local development and tests fetching from loopback. */
  allowPrivateNetworks: boolean;
  resolve?: Resolver;
  policy?: AddressPolicy;
}

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

/**
 * Where private targets are allowed, told to whoever reads a Feed's lastError: the setting, and the
 * namespace `tributary up` configures for local feeds.
 */
export const PRIVATE_NETWORKS_HINT =
  "private and loopback targets are fetched only where the ingest job's environment has " +
  'TRIBUTARY_ALLOW_PRIVATE_NETWORKS=true (locally: Feeds in namespace tributary-demo, set up by `tributary up`)';

/** Throws FetchError('blocked-address') when the literal IP must not be contacted. */
export function assertAddressAllowed(address: string, host: string, options: GuardOptions): void {
  if (options.allowPrivateNetworks) return;
  const reason = (options.policy ?? blockedReason)(address);
  if (reason !== null) {
    throw new FetchError(
      'blocked-address',
      `refusing to fetch ${host}: ${address} is a ${reason} address; ${PRIVATE_NETWORKS_HINT}`,
    );
  }
}

/** Resolves and vets a host; IP literals are vetted without DNS. */
export async function resolveVetted(hostname: string, options: GuardOptions): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family !== 0) {
    assertAddressAllowed(bare, hostname, options);
    return [{ address: bare, family }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await (options.resolve ?? systemResolver)(bare);
  } catch (err) {
    throw new FetchError('dns', `cannot resolve ${hostname}: ${(err as Error).message}`, { cause: err });
  }
  if (addresses.length === 0) throw new FetchError('dns', `${hostname} has no addresses`);
  for (const a of addresses) assertAddressAllowed(a.address, hostname, options);
  return addresses;
}

/** A `net.connect` lookup function that only ever yields vetted addresses. */
export function guardedLookup(options: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolveVetted(hostname, options).then(
      (addresses) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
        if (lookupOptions.all) {
          callback(null, usable);
        } else {
          const first = usable[0];
          if (first) callback(null, first.address, first.family);
          else callback(new FetchError('dns', `${hostname} has no IPv${wanted} address`), '', 0);
        }
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}
