import { applyContent, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';

/**
 * Records one decision has produced so far, and the image as it will be once they are applied.
 * A request with several items (topics, partitions) decides each against the image left by the
 * ones before it, so two items of one request cannot both take the same name or epoch.
 */
export class StagedChanges {
  private current: MetadataImage;
  private readonly out: MetadataRecord[] = [];

  constructor(readonly base: MetadataImage) {
    this.current = base;
  }

  get image(): MetadataImage {
    return this.current;
  }

  get records(): readonly MetadataRecord[] {
    return this.out;
  }

  add(...records: MetadataRecord[]): void {
    for (const r of records) {
      this.current = applyContent(this.current, r);
      this.out.push(r);
    }
  }
}
