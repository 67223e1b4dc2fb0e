import { Type } from '@sinclair/typebox';
import { pauseAccount, resumeAccount, type AccountControl } from '../../engine/transitions/owner-control.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import type { Services } from '../services.ts';

const exampleId = 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz';
const Body = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64, description: 'The welink account id.' }) });
const Answer = Type.Object({
  accountId: Type.String(),
  status: Type.String({ description: 'The account status after the change.' }),
  statusReason: Type.Union([Type.String(), Type.Null()]),
});

/** One control: the engine transition it runs, the state it needs, and what to wake after it. */
function controlOperation(o: {
  name: string;
  summary: string;
  description: string;
  control: typeof pauseAccount;
  /** The state the account must be in, for the 409 message. */
  needs: 'an ACTIVE' | 'a PAUSED';
  verb: string;
  example: { status: string; statusReason: string | null };
  wake: (services: Services) => void;
}): Operation {
  return defineOperation({
    name: o.name,
    // Pausing a paused account (or resuming an active one) changes nothing: it answers 409.
    effect: 'idempotent',
    method: 'POST',
    path: `/api/v1/${o.name}`,
    summary: o.summary,
    description: o.description,
    tag: 'Account management',
    body: Body,
    response: { status: 200, schema: Answer, description: 'The account after the change.' },
    errors: ['ACCOUNT_NOT_FOUND', 'ACCOUNT_STATE_CONFLICT'],
    example: { accountId: exampleId },
    exampleResponse: { accountId: exampleId, ...o.example },
    limit: 'sync',
    handler: async ({ auth, body, services }) => {
      const outcome: AccountControl = await services.committer.run(body.accountId, (trx) => o.control(trx, auth.workspaceId, body.accountId, services.clock.now()));
      if (outcome.kind === 'not_found') throw new ApiError('ACCOUNT_NOT_FOUND');
      if (outcome.kind === 'conflict') {
        throw new ApiError('ACCOUNT_STATE_CONFLICT', `The account is ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}; only ${o.needs} account can be ${o.verb}.`);
      }
      o.wake(services);
      return { body: { accountId: outcome.account.id, status: outcome.account.status, statusReason: outcome.account.status_reason } };
    },
  });
}

export const pauseAccountOp = controlOperation({
  name: 'pause_account',
  summary: 'Pause an account (welink)',
  description:
    "welink's own. Stops an ACTIVE account from acting: its queued requests wait (new ones are still accepted), a request already running finishes. " +
    'The account becomes PAUSED with reason PAUSED_BY_OWNER and an ACCOUNT_PAUSED event is sent. Undo with resume_account.',
  control: pauseAccount,
  needs: 'an ACTIVE',
  verb: 'paused',
  example: { status: 'PAUSED', statusReason: 'PAUSED_BY_OWNER' },
  wake: (services) => services.wakeWebhooks(),
});

export const resumeAccountOp = controlOperation({
  name: 'resume_account',
  summary: 'Resume a paused account (welink)',
  description:
    "welink's own. Makes a PAUSED account ACTIVE again so its waiting requests run, and sends ACCOUNT_RESUMED. " +
    'This works whatever paused it (its owner, an expired session, a security check): if LinkedIn still refuses the session, the next action pauses the account again ' +
    'and its requests keep waiting (they do not fail). To give the account a new session, log it in again or send it a connection link (create_connect_link).',
  control: resumeAccount,
  needs: 'a PAUSED',
  verb: 'resumed',
  example: { status: 'ACTIVE', statusReason: null },
  wake: (services) => {
    services.wakeWork();
    services.wakeWebhooks();
  },
});

/** The owner's controls on an account beyond disconnecting it. */
export const accountControlOperations: Operation[] = [pauseAccountOp, resumeAccountOp];
