// Which screen is shown. A desktop app needs no URLs: a route is plain
// state, with a history for "back" (Alt+Left or the back buttons).

export type Route =
  | { name: 'today' }
  | { name: 'runs' }
  | { name: 'newRun'; programmeId?: string }
  | { name: 'run'; id: string; tab?: 'sessions' | 'participants' | 'grid' }
  | { name: 'session'; id: string }
  | { name: 'enrolment'; id: string }
  | { name: 'report'; id: string }
  | { name: 'participants' }
  | { name: 'participant'; id: string }
  | { name: 'newParticipant'; runId?: string }
  | { name: 'programmes' }
  | { name: 'programme'; id: string }
  /** The programme editor: a new programme, or `id` changed (or copied). */
  | { name: 'programmeEditor'; id?: string; copy?: boolean }
  | { name: 'team' }
  | { name: 'overview'; tab?: 'groups' | 'figures' }
  | { name: 'privacy'; tab?: 'retention' | 'audit' | 'erasures' }
  | { name: 'settings' };

let current = $state<Route>({ name: 'today' });
const history: Route[] = [];

export const router = {
  get route(): Route {
    return current;
  },
  go(route: Route) {
    history.push(current);
    if (history.length > 50) history.shift();
    current = route;
  },
  back() {
    const previous = history.pop();
    if (previous) current = previous;
  },
  /** Replaces the current screen without a history entry. */
  replace(route: Route) {
    current = route;
  },
};
