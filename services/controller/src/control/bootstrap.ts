import { METADATA_VERSION_FEATURE, METADATA_VERSION_LEVEL, metadataRecord, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';

/**
 * Records a newly elected active controller appends before anything else (Kafka's
 * ActivationRecordsGenerator): on an empty log, the metadata.version the log is written in.
 */
export function activationRecords(image: MetadataImage): MetadataRecord[] {
  if (image.features.has(METADATA_VERSION_FEATURE)) return [];
  return [metadataRecord('FeatureLevel', { name: METADATA_VERSION_FEATURE, featureLevel: METADATA_VERSION_LEVEL })];
}
