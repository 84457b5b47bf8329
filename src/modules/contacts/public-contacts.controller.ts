import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { PublicRoute } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { AddInformationDto } from './dto/add-information.dto';
import { CreatePublicContactDto } from './dto/create-contact.dto';
import { ContactIntakeService } from './use-cases/contact-intake.service';
import { PublicTrackingService } from './use-cases/public-tracking.service';

const TOKEN_HEADER = { name: 'X-Tracking-Token', required: true, description: 'The token given once when the contact was made' };

/** No account needed; rate limited per IP by the "public" throttler (SPEC SEC-2, SEC-6). */
@ApiTags('public')
@Controller('api/v1/public/contacts')
@UseGuards(ThrottlerGuard)
export class PublicContactsController {
  constructor(
    private readonly intake: ContactIntakeService,
    private readonly tracking: PublicTrackingService,
  ) {}

  @Post()
  @PublicRoute()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body answers with the same reference (the token is not shown again)' })
  @ApiOperation({ summary: 'Tell us about a worry for a child; anonymous allowed. Answers with a reference and a tracking token shown once' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePublicContactDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { body, replayed } = await this.intake.createPublic(actor, dto, key);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return body;
  }

  @Get(':reference/status')
  @PublicRoute()
  @ApiHeader(TOKEN_HEADER)
  @ApiOperation({ summary: 'What is happening, in plain words; 404 for an unknown reference or a wrong token alike' })
  status(@CurrentActor() actor: Actor, @Param('reference') reference: string, @Headers('x-tracking-token') token: string | undefined) {
    return this.tracking.status(actor, reference, token);
  }

  @Post(':reference/information')
  @HttpCode(201)
  @PublicRoute()
  @ApiHeader(TOKEN_HEADER)
  @ApiOperation({ summary: 'Add information to your report' })
  addInformation(@CurrentActor() actor: Actor, @Param('reference') reference: string, @Headers('x-tracking-token') token: string | undefined, @Body() dto: AddInformationDto) {
    return this.tracking.addInformation(actor, reference, token, dto);
  }
}
