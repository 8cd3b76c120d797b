import { AlterConfigsRequest, AlterConfigsResponse } from './alter-configs/schema';
import { ApiVersionsRequest, ApiVersionsResponse } from './api-versions/schema';
import { CreatePartitionsRequest, CreatePartitionsResponse } from './create-partitions/schema';
import { CreateTopicsRequest, CreateTopicsResponse } from './create-topics/schema';
import { DeleteTopicsRequest, DeleteTopicsResponse } from './delete-topics/schema';
import { DescribeConfigsRequest, DescribeConfigsResponse } from './describe-configs/schema';
import { FetchRequest, FetchResponse } from './fetch/schema';
import { InitProducerIdRequest, InitProducerIdResponse } from './init-producer-id/schema';
import { ListOffsetsRequest, ListOffsetsResponse } from './list-offsets/schema';
import { MetadataRequest, MetadataResponse } from './metadata/schema';
import { ProduceRequest, ProduceResponse } from './produce/schema';

/** Produce, fetch, metadata and admin APIs. */
export const coreApiSchemas = [
  { request: ProduceRequest, response: ProduceResponse },
  { request: FetchRequest, response: FetchResponse },
  { request: ListOffsetsRequest, response: ListOffsetsResponse },
  { request: MetadataRequest, response: MetadataResponse },
  { request: ApiVersionsRequest, response: ApiVersionsResponse },
  { request: CreateTopicsRequest, response: CreateTopicsResponse },
  { request: DeleteTopicsRequest, response: DeleteTopicsResponse },
  { request: InitProducerIdRequest, response: InitProducerIdResponse },
  { request: DescribeConfigsRequest, response: DescribeConfigsResponse },
  { request: AlterConfigsRequest, response: AlterConfigsResponse },
  { request: CreatePartitionsRequest, response: CreatePartitionsResponse },
] as const;
