import type { Message, PhoneNumber } from '../types.js';
import { seededRandom } from './random.js';

/** The sandbox's in-memory workspace. Every record is shaped exactly like the generated response types. */
export class Store {
  readonly random: () => number;
  readonly phoneNumbers: PhoneNumber[] = [];
  readonly messages: Message[] = [];
  private sequence = 0;

  constructor(seed: number) {
    this.random = seededRandom(seed);
    this.seed();
  }

  /** A fresh id with the given prefix (`AC`, `PN`, ...), deterministic for a given seed. */
  nextId(prefix: string): string {
    this.sequence += 1;
    const entropy = Math.floor(this.random() * 0xffffffff).toString(16).padStart(8, '0');
    return `${prefix}${this.sequence.toString(36).padStart(4, '0')}${entropy}`;
  }

  /** Timestamps advance one second per record from a fixed epoch, so a seed gives the same data. */
  timestamp(): string {
    return new Date(Date.UTC(2025, 0, 1) + this.sequence * 1000).toISOString();
  }

  private seed(): void {
    const owner = { email: 'owner@example.com', firstName: 'Olive', lastName: 'Owner', groupId: 'GR1', id: 'US00000001', role: 'owner' };
    for (const [name, number] of [
      ['Main line', '+15555550100'],
      ['Support', '+15555550101'],
    ] as const) {
      const createdAt = this.timestamp();
      this.phoneNumbers.push({
        id: this.nextId('PN'),
        groupId: 'GR1',
        createdAt,
        updatedAt: createdAt,
        name,
        number,
        formattedNumber: `(555) 555-${number.slice(-4)}`,
        forward: null,
        portRequestId: null,
        portingStatus: null,
        symbol: null,
        users: [owner],
        restrictions: {
          messaging: { CA: 'unrestricted', US: 'unrestricted', Intl: 'restricted' },
          calling: { CA: 'unrestricted', US: 'unrestricted', Intl: 'restricted' },
        },
      });
    }
  }
}
