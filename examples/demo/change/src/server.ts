import express from 'express';
import { fraudCheck } from './fraud.js';
import { config } from './config.js';

const app = express();
app.use(express.json());
// app.use(fraudCheck({ threshold: 0.8 }));

app.listen(config.port);
