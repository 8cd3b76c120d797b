import type { RaftRole } from '../types';
import { candidate } from './candidate';
import { follower } from './follower';
import { leader } from './leader';
import { prospective } from './prospective';
import { resigned } from './resigned';
import type { RoleBehavior } from './role-behavior';
import { unattached } from './unattached';

export const ROLE_BEHAVIOR: Readonly<Record<RaftRole, RoleBehavior>> = { leader, follower, candidate, prospective, unattached, resigned };
