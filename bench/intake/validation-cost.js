'use strict';
/**
 * CPU per contact body of the API's global validation pipe (class-transformer + class-validator),
 * without and then with the metadata cache (src/common/validation-metadata-cache.ts), then the API's
 * own pipe (createValidationPipe: the cache, and without Nest's walks for binary values and array
 * holes), in one process: the bodies of bench:intake, every DTO class of the API registered as in production.
 *   npx nest build && node bench/intake/validation-cost.js
 */
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
require(join(root, 'node_modules', 'reflect-metadata'));
require(join(root, 'dist/src/app.module')); // registers every DTO class, as the running API does
const { ValidationPipe } = require(join(root, 'node_modules', '@nestjs/common'));
const { CreateContactDto } = require(join(root, 'dist/src/modules/contacts/dto/create-contact.dto'));
const { installValidationMetadataCache } = require(join(root, 'dist/src/common/validation-metadata-cache'));
const { createValidationPipe } = require(join(root, 'dist/src/common/validation'));
const { ContactStream } = require('./bodies');

const stream = new ContactStream();
const bodies = Array.from({ length: 2000 }, () => JSON.stringify(stream.body('professional')));
// The options of createValidationPipe (src/common/validation.ts), which would install the cache itself.
let pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, transformOptions: { enableImplicitConversion: false }, validationError: { target: false, value: false } });

async function msPerBody() {
  const start = process.cpuUsage();
  for (const body of bodies) await pipe.transform(JSON.parse(body), { type: 'body', metatype: CreateContactDto });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / bodies.length;
}

async function median(rounds) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await msPerBody());
  return runs.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

(async () => {
  await median(3); // warm up the JIT
  const without = await median(5);
  installValidationMetadataCache();
  await median(2);
  const withCache = await median(5);
  pipe = createValidationPipe();
  await median(2);
  const api = await median(5);
  console.log(`validation CPU per contact body: ${without.toFixed(3)} ms without the metadata cache, ${withCache.toFixed(3)} ms with it (${(100 * (1 - withCache / without)).toFixed(0)}% less), ${api.toFixed(3)} ms with the API's pipe (${(100 * (1 - api / withCache)).toFixed(0)}% less again)`);
})();
