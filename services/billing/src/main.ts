import 'reflect-metadata';
import { runConsumerService } from '@orderlab/nest-kit';
import { AppModule } from './app.module';
import { validateBillingEnv } from './config/billing-config';

/**
 * The billing process: a hybrid Nest application (HTTP and the Kafka transport consuming the
 * orders topic in billing-group), started the way every consumer service is (libs/nest-kit).
 */
runConsumerService({ service: 'billing', module: AppModule, validateEnv: validateBillingEnv });
