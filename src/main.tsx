import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';

const params = new URLSearchParams(window.location.search);
if (params.has('bench')) {
  // The benchmark page of `npm run bench`: timings only, no app.
  void import('./bench/benchPage').then((m) => m.runBenchPage(params));
} else {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
