/** What the fake LinkedIn knows: members, sessions, the graph, invitations, conversations, posts. */

export interface Member {
  id: string;
  publicId: string;
  plainId: number;
  firstName: string;
  lastName: string;
  headline: string;
  location: string;
  premium: boolean;
  skills: string[];
  followers: number;
  /** Company of the top position on the profile card. */
  company?: string;
}

export interface FakeSession {
  liAt: string;
  jsessionid: string;
  memberId: string;
  expired: boolean;
  checkpoint: boolean;
  /** The next answer carries the (new) JSESSIONID in a Set-Cookie; until then the former one still works. */
  announceJsessionid?: boolean;
  formerJsessionid?: string;
}

export interface Invitation {
  id: string;
  from: string;
  to: string;
  sharedSecret: string;
  sentAt: number;
  note: string | null;
  state: 'PENDING' | 'ACCEPTED' | 'WITHDRAWN';
}

export interface Conversation {
  threadId: string;
  participants: string[];
  createdAt: number;
  lastActivityAt: number;
}

export interface Message {
  id: string;
  threadId: string;
  sender: string;
  text: string;
  deliveredAt: number;
  originToken: string;
  subtype: string | null;
}

export interface Post {
  activityId: string;
  author: string;
  text: string;
  likes: number;
}

export interface Company {
  id: string;
  universalName: string;
  name: string;
  description: string;
  staffCount: number;
  followerCount: number;
  industry: string;
  city: string;
  country: string;
}

export interface Credential {
  email: string;
  password: string;
  memberId: string;
  /** When set, the login answers CHALLENGE and this PIN passes the verification. */
  pin?: string;
  /** The challenge is a captcha, not a PIN. */
  captcha?: boolean;
}

export const pair = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export class FakeState {
  members = new Map<string, Member>();
  sessions = new Map<string, FakeSession>();
  connections = new Map<string, number>();
  invitations: Invitation[] = [];
  conversations: Conversation[] = [];
  messages: Message[] = [];
  posts: Post[] = [];
  reactions: { activityId: string; memberId: string; type: string }[] = [];
  comments: { id: string; activityId: string; memberId: string; text: string }[] = [];
  follows = new Set<string>();
  endorsements = new Set<string>();
  companies: Company[] = [];
  credentials = new Map<string, Credential>();
  challenges = new Map<string, { email: string; csrf: string }>();
  /** Invitations left this week / notes left this month, per sender; undefined = unlimited. */
  inviteBudget = new Map<string, number>();
  noteBudget = new Map<string, number>();
  /**
   * Members whose primary email is not confirmed: LinkedIn refuses their invitations with 400
   * PRIMARY_HANDLE_NOT_CONFIRMED (public Voyager notes on connection requests list it among the
   * `verifyQuotaAndCreateV2` refusals).
   */
  unconfirmedEmail = new Set<string>();
  /**
   * LinkedIn's cap on 1st-degree connections (30,000 in its help pages). A member at the cap cannot
   * invite (400 CANT_INVITE_CONNECTION_LIMIT_REACHED) nor accept (400 CANT_ACCEPT_CONNECTION_LIMIT_REACHED).
   * Tests lower it rather than build 30,000 connections.
   */
  connectionCap = 30_000;
  /**
   * Outstanding sent invitations LinkedIn tolerates before it refuses more with 400 MAX_INVITATION_SENT.
   * LinkedIn does not publish the number: unbounded unless a test sets it.
   */
  pendingInvitationCap = Infinity;
  private seq = 1000;

  constructor(readonly now: () => number) {}

  nextId(): string {
    return String(++this.seq);
  }

  addMember(m: Partial<Member> & { id: string; firstName: string; lastName: string }): Member {
    const member: Member = {
      publicId: `${m.firstName}-${m.lastName}`.toLowerCase(),
      plainId: 100000 + this.members.size,
      headline: `${m.firstName} at Example`,
      location: 'London, United Kingdom',
      premium: false,
      skills: ['TypeScript', 'Negotiation', 'Public Speaking'],
      followers: 120,
      ...m,
    };
    this.members.set(member.id, member);
    return member;
  }

  /** A session for a member; returns the cookies a browser would hold. */
  login(memberId: string, liAt = `AQED${memberId}${this.nextId()}`, jsessionid = `ajax:${this.nextId()}4567890123456`): { li_at: string; JSESSIONID: string } {
    this.sessions.set(liAt, { liAt, jsessionid, memberId, expired: false, checkpoint: false });
    return { li_at: liAt, JSESSIONID: `"${jsessionid}"` };
  }

  /** LinkedIn gives the session a new JSESSIONID (announced by Set-Cookie on the next answer); the old one is refused from then on. */
  rotateJsessionid(liAt: string): string {
    const session = this.sessions.get(liAt)!;
    session.formerJsessionid = session.jsessionid;
    session.jsessionid = `ajax:${this.nextId()}9876543210123`;
    session.announceJsessionid = true;
    return session.jsessionid;
  }

  /** `from` writes to `to`: into their conversation (opened if none), at `at`. */
  receive(from: string, to: string, text: string, at = this.now()): Message {
    let conv = this.conversationWith(from, to);
    if (!conv) {
      conv = { threadId: `2-conv${this.nextId()}`, participants: [to, from], createdAt: at, lastActivityAt: at };
      this.conversations.push(conv);
    }
    const msg: Message = { id: `2-msg${this.nextId()}`, threadId: conv.threadId, sender: from, text, deliveredAt: at, originToken: `token-${this.nextId()}`, subtype: null };
    this.messages.push(msg);
    conv.lastActivityAt = Math.max(conv.lastActivityAt, at);
    return msg;
  }

  /** The invitee accepts a pending invitation: they are connected from `at`. */
  acceptInvitation(id: string, at = this.now()): void {
    const inv = this.invitations.find((i) => i.id === id && i.state === 'PENDING');
    if (!inv) throw new Error(`no pending invitation ${id}`);
    inv.state = 'ACCEPTED';
    this.connect(inv.from, inv.to, at);
  }

  connect(a: string, b: string, at = this.now()): void {
    this.connections.set(pair(a, b), at);
  }

  /** How many 1st-degree connections a member has. */
  connectionCount(memberId: string): number {
    return [...this.connections.keys()].filter((k) => k.split('|').includes(memberId)).length;
  }

  connectedAt(a: string, b: string): number | undefined {
    return this.connections.get(pair(a, b));
  }

  memberBy(identity: string): Member | undefined {
    return this.members.get(identity) ?? [...this.members.values()].find((m) => m.publicId === identity);
  }

  pendingBetween(from: string, to: string): Invitation | undefined {
    return this.invitations.find((i) => i.from === from && i.to === to && i.state === 'PENDING');
  }

  conversationWith(a: string, b: string): Conversation | undefined {
    return this.conversations.find((c) => c.participants.length === 2 && c.participants.includes(a) && c.participants.includes(b));
  }

  /** Messages one member sent to another (inspection). */
  messagesFrom(sender: string, to?: string): Message[] {
    return this.messages.filter((m) => m.sender === sender && (!to || this.conversations.find((c) => c.threadId === m.threadId)?.participants.includes(to)));
  }
}
