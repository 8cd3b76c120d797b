import 'reflect-metadata';
import { runConsumerService } from '@orderlab/nest-kit';
import { AppModule } from './app.module';
import { validateAnalyticsEnv } from './config/analytics-config';

/**
 * The analytics process: a hybrid Nest application (HTTP and the Kafka transport consuming the
 * orders topic in analytics-group), started the way every consumer service is (libs/nest-kit).
 */
runConsumerService({ service: 'analytics', module: AppModule, validateEnv: validateAnalyticsEnv });
