import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AgreementsModule } from '../agreements/agreements.module';
import { DirectoryInterceptor } from './directory.interceptor';
import { DirectoryService } from './directory.service';

/** Display names of people and organisations (see DirectoryService). */
@Module({
  imports: [AgreementsModule],
  providers: [DirectoryService, { provide: APP_INTERCEPTOR, useClass: DirectoryInterceptor }],
  exports: [DirectoryService],
})
export class DirectoryModule {}
