import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DirectoryModule } from '../directory/directory.module';
import { LagebildController } from './lagebild.controller';
import { LagebildService } from './lagebild.service';

/** The situation report (Lagebild) of a crisis, per audience (issue 11 §5). */
@Module({
  imports: [AgreementsModule, DirectoryModule],
  controllers: [LagebildController],
  providers: [LagebildService],
})
export class LagebildModule {}
