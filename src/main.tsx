import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startBackend } from './state/backend';
import { connectSearch, followInputs } from './state/search';
import { createSearchClient } from './workers/searchClient';
import { createShippedLanes } from './workers/shippedClient';
import { connectShipped } from './state/shipped';
import { connectSideWorkers } from './state/sideWorkers';
import { followPaperInputs } from './state/paperRunner';
import { startUrlSync } from './state/urlSync';
import { startOrientation } from './state/orientation';
import { startLessons } from './state/lessonPlay';
import { App } from './ui/App';
import { installTestHook } from './ui/testHook';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

document.body.dataset.state = 'loading';
installTestHook();
startLessons();
startOrientation(startUrlSync());
connectShipped(createShippedLanes);
connectSearch(createSearchClient(), startBackend());
followInputs();
connectSideWorkers(createSearchClient);
followPaperInputs();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
