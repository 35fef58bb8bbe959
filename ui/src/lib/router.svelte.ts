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

/** The sidebar's sections, by the route that opens each. */
export type Section = 'today' | 'runs' | 'participants' | 'programmes' | 'overview' | 'team' | 'privacy' | 'settings';

/** The section a screen belongs to; a screen reached from several (a
 *  session, an enrolment, a report) stays in the section it was opened from. */
export function sectionOf(route: Route, from: Section): Section {
  switch (route.name) {
    case 'session':
    case 'enrolment':
    case 'report':
      return from;
    case 'run':
    case 'newRun':
      return 'runs';
    case 'participant':
    case 'newParticipant':
      return 'participants';
    case 'programme':
    case 'programmeEditor':
      return 'programmes';
    default:
      return route.name;
  }
}

let current = $state<Route>({ name: 'today' });
let section = $state<Section>('today');
const history: { route: Route; section: Section }[] = [];

export const router = {
  get route(): Route {
    return current;
  },
  /** The section the sidebar shows as the current one. */
  get section(): Section {
    return section;
  },
  go(route: Route) {
    history.push({ route: current, section });
    if (history.length > 50) history.shift();
    section = sectionOf(route, section);
    current = route;
  },
  back() {
    const previous = history.pop();
    if (previous) {
      current = previous.route;
      section = previous.section;
    }
  },
  /** Replaces the current screen without a history entry. */
  replace(route: Route) {
    section = sectionOf(route, section);
    current = route;
  },
};
