// Training batches: the training users in a new seeded order every epoch, taken batchSize at
// a time. A batch that crosses an epoch's end is filled from the next epoch, so every batch
// has the same shape (and the GPU programs compiled for it are reused).
import { createRng, shuffle, type Rng } from '../util/rng';

export class EpochSampler {
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private epoch = -1;
  private readonly rng: Rng;

  constructor(private readonly users: Int32Array, seed: number) {
    if (users.length === 0) throw new Error('No training users: the split left none for training.');
    this.rng = createRng(seed).fork('batches');
  }

  next(batchSize: number): Int32Array {
    const batch = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor >= this.order.length) this.nextEpoch();
      batch[i] = this.order[this.cursor++];
    }
    return batch;
  }

  private nextEpoch(): void {
    this.epoch++;
    this.order = this.users.slice();
    shuffle(this.order, this.rng.fork(`epoch${this.epoch}`));
    this.cursor = 0;
  }
}
