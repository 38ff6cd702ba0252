import { bellThreads, followThreadFromWidget, unfollowThreadFromWidget } from '../../domain/mail/follow-threads.js';
import { askForSignInLink } from '../../domain/mail/magic-sign-in.js';
import type { HandlerTable } from './handler.js';

type MailMessageType = 'thread.follow' | 'thread.unfollow' | 'notices.list' | 'member.sign_in_link';

/** Following threads and the bell of unread answers and replies. */
export const mailHandlers: HandlerTable<MailMessageType> = {
  'thread.follow': async (s, msg) => followThreadFromWidget(s.services, s.actor(), msg),
  'thread.unfollow': async (s, msg) => unfollowThreadFromWidget(s.services, s.actor(), msg),
  'notices.list': async (s) => {
    const { member } = s.actor();
    s.watchBell(member.id);
    return { threads: await bellThreads(s.services.db, member.id) };
  },
  'member.sign_in_link': async (s, msg) => askForSignInLink(s.services, s.actor(), msg.threadId ?? null),
};
