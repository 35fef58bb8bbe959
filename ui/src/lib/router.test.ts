import { describe, expect, it } from 'vitest';
import { router } from './router.svelte';

describe('the sidebar section', () => {
  it('follows where a session or an enrolment was opened from (issue 15, item 3)', () => {
    router.go({ name: 'runs' });
    router.go({ name: 'run', id: 'r' });
    router.go({ name: 'session', id: 's' });
    expect(router.section).toBe('runs');
    router.go({ name: 'today' });
    router.go({ name: 'session', id: 's' });
    expect(router.section).toBe('today');
    router.go({ name: 'overview' });
    router.go({ name: 'enrolment', id: 'e' });
    router.go({ name: 'report', id: 'e' });
    expect(router.section).toBe('overview');
    router.back();
    router.back();
    expect(router.section).toBe('overview');
    router.back();
    expect([router.route.name, router.section]).toEqual(['session', 'today']);
    router.replace({ name: 'participant', id: 'p' });
    expect(router.section).toBe('participants');
  });
});
