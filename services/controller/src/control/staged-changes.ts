import { ImageDraft, applyToDraft, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';

/**
 * Records one decision has produced so far, and the image as it will be once they are applied.
 * A request with several items (topics, partitions) decides each against the image left by the
 * ones before it, so two items of one request cannot both take the same name or epoch. Built on
 * an ImageDraft, so a 10,000-partition CreateTopics stays linear. `image` is a live view: read
 * it, do not keep it across add().
 */
export class StagedChanges {
  private readonly draft: ImageDraft;
  private readonly out: MetadataRecord[] = [];

  constructor(readonly base: MetadataImage) {
    this.draft = new ImageDraft(base);
  }

  get image(): MetadataImage {
    return this.draft.view();
  }

  get records(): readonly MetadataRecord[] {
    return this.out;
  }

  add(...records: MetadataRecord[]): void {
    for (const r of records) {
      applyToDraft(this.draft, r);
      this.out.push(r);
    }
  }
}
