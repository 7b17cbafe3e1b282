// The console's follow-up panel: its public face for console-view.ts.
import './followups.css';

export { followupsPanel, type LiveLike } from './followups-panel.js';
