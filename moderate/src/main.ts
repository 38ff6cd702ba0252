import './booth-moderate.js';
