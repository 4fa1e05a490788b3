import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi-document';

/**
 * `npm run openapi:write`: regenerates docs/openapi.json. Preview mode builds the route table
 * without running any provider, so no database, Temporal or issuer is needed; the e2e test
 * checks that the running API serves exactly this file.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false });
  const file = path.resolve(__dirname, '../../../../docs/openapi.json');
  const json = JSON.stringify(buildOpenApiDocument(app), null, 2);
  writeFileSync(file, await format(json, { ...(await resolveConfig(file)), filepath: file }));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
