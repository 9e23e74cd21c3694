import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ActorResolver } from '../http/actor.js';
import { AuthGuard } from './auth.guard.js';
import { OffentlighetController } from './offentlighet.controller.js';
import { TokenVerifier } from './token-verifier.js';

/** Authentication (bearer JWT), the door's authorization (AuthGuard, global), and public access. */
@Module({
  controllers: [OffentlighetController],
  providers: [TokenVerifier, ActorResolver, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [TokenVerifier, ActorResolver],
})
export class AuthModule {}
