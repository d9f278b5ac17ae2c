import { useI18n } from './i18n';

/** Where a long task is: reading files, sending them, indexing, saving. */
export interface TaskProgress {
  /** The line to show ("Indexing 2,300 of 10,000 documents"). */
  label: string;
  done: number;
  total: number;
}

/** A long operation of the options page (an import, an export, a deletion). */
export type Task =
  | { state: 'idle' }
  | { state: 'running'; progress: TaskProgress }
  | { state: 'done'; message: string }
  | { state: 'error'; message: string };

export const IDLE: Task = { state: 'idle' };

export interface TaskStatusProps {
  task: Task;
  /** Names the progress bar for assistive technology ("Import progress"). */
  label: string;
}

/**
 * A task's state: a progress bar with its line while it runs (a polite live region), the
 * outcome when it is over (a status), or the problem (an alert, one line: file and problem).
 */
export function TaskStatus({ task, label }: TaskStatusProps) {
  const { t } = useI18n();
  if (task.state === 'idle') return null;
  if (task.state === 'running') {
    const { done, total } = task.progress;
    return (
      <div class="task task-running" role="status" aria-live="polite" data-task="running">
        <progress
          aria-label={label}
          max={total > 0 ? total : undefined}
          value={total > 0 ? done : undefined}
          data-done={done}
          data-total={total}
        />
        <span class="task-label">{task.progress.label}</span>
      </div>
    );
  }
  if (task.state === 'done') {
    return (
      <p class="task task-done" role="status" data-task="done">
        {task.message}
      </p>
    );
  }
  return (
    <p class="task task-error" role="alert" data-task="error">
      <span class="task-error-title">{t('taskFailed')}</span> {task.message}
    </p>
  );
}
