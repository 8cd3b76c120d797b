export * from './types';
export { GroupCoordinator, type GroupCoordinatorDeps } from './group-coordinator';
