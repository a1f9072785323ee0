import { useSyncExternalStore } from 'react';
import { jobStore, type Job } from '../api/jobs';

/** The jobs of this browser session, newest first, re-rendered as they change. */
export function useJobs(): Job[] {
  return useSyncExternalStore(jobStore.subscribe, jobStore.snapshot);
}
