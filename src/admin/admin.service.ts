import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { Agency } from '../auth/persistence/agency.entity';
import { AppUser } from '../auth/persistence/app-user.entity';
import { AuditService } from '../audit/audit.service';
import { RuleViolationException } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { CreateAgencyDto, CreateUserDto } from './dto/admin.dto';

@Injectable()
export class AdminService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  createAgency(actor: Actor, dto: CreateAgencyDto): Promise<Agency> {
    return this.uow.run(async (em) => {
      const agency = await em.save(em.create(Agency, { name: dto.name, type: dto.type, email: dto.email?.toLowerCase() ?? null }));
      await this.audit.record(em, actor, { action: 'agency.created', entityType: 'agency', entityId: agency.id, summary: { type: agency.type } });
      return agency;
    });
  }

  async createUser(actor: Actor, dto: CreateUserDto) {
    const expires = dto.accessExpiresAt ? new Date(dto.accessExpiresAt) : null;
    if (dto.role === 'auditor' && (!expires || expires <= this.now())) {
      throw new RuleViolationException('Auditor access must end at a future date', [
        { field: 'accessExpiresAt', rule: 'SEC-4.auditor-expiry', message: 'An auditor needs a future accessExpiresAt' },
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    return this.uow.run(async (em) => {
      const agency = await em.findOneBy(Agency, { id: dto.agencyId });
      if (!agency) {
        throw new RuleViolationException('The agency does not exist', [{ field: 'agencyId', rule: 'exists', message: 'No agency has this id' }]);
      }
      const email = dto.email.toLowerCase();
      if (await em.existsBy(AppUser, { email })) throw new ConflictException('A user with this e-mail already exists');
      const user = await em.save(em.create(AppUser, { email, name: dto.name, role: dto.role, agencyId: agency.id, passwordHash, active: true, accessExpiresAt: expires }));
      await this.audit.record(em, actor, { action: 'user.created', entityType: 'app_user', entityId: user.id, summary: { role: user.role, agencyId: agency.id } });
      return { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agencyId, accessExpiresAt: user.accessExpiresAt };
    });
  }
}
