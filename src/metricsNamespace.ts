/**
 * The CloudWatch namespace the functions write their metrics to when METRICS_NAMESPACE is not set:
 * the functions' environment (src/aws/lambdaEnv.ts) and the stack's dashboard (src/deploy) must
 * agree on it, so both read it from here.
 */
export const DEFAULT_METRICS_NAMESPACE = 'LookoutVisionScheduler';
