/**
 * What the lessons and the presenter add to the page outside the Learn panel: the player (loaded
 * lazily, only while a lesson plays) and the body attributes that presenter mode's CSS reads.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useLessons } from '../../state/lessons';
import { usePresenter } from '../../state/presenter';
import './presenter.css';

const LessonPlayer = lazy(() => import('./LessonPlayer'));

export function LessonHost() {
  const playing = useLessons((s) => s.active !== null);
  if (!playing) return null;
  return (
    <Suspense fallback={null}>
      <LessonPlayer />
    </Suspense>
  );
}

/** `body[data-present~="<id>"]` hides `[data-control="<id>"]`; `html[data-present-large]` enlarges the type. */
export function PresenterEffect() {
  const hidden = usePresenter((s) => s.hidden);
  const large = usePresenter((s) => s.large);
  useEffect(() => {
    if (hidden.length > 0) document.body.dataset.present = hidden.join(' ');
    else delete document.body.dataset.present;
    if (large) document.documentElement.dataset.presentLarge = 'true';
    else delete document.documentElement.dataset.presentLarge;
  }, [hidden, large]);
  return null;
}
