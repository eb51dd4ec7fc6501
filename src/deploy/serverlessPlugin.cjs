'use strict';
/**
 * osls plugin (CommonJS, as osls loads plugins with require): validates config/schedule.yaml before
 * anything is packaged, adds the resources and IAM statements generated from it, and builds one
 * esbuild bundle per function as that function's artifact. The work is in TypeScript
 * (src/deploy/packageStack.ts), loaded through tsx.
 */
const path = require('node:path');

class LvschedPlugin {
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.options = options;
    this.log = utils?.log;
    serverless.configSchemaHandler.defineCustomProperties({
      type: 'object',
      properties: {
        lvsched: {
          type: 'object',
          properties: { schedule: { type: 'string', minLength: 1 } },
          additionalProperties: false,
        },
      },
    });
    this.hooks = {
      'before:package:initialize': () => this.generate(),
      'before:package:createDeploymentArtifacts': () => this.build(),
      'after:package:compileFunctions': () => this.finishRole(),
    };
  }

  async #module() {
    // The ESM build of tsx's API (its CommonJS build cannot register the ESM loader on Node 20).
    const { tsImport } = await import('tsx/esm/api');
    this.module ??= await tsImport('./packageStack.ts', __filename);
    return this.module;
  }

  #request() {
    const sls = this.serverless;
    const provider = sls.getProvider('aws');
    return {
      serviceDir: sls.serviceDir,
      scheduleFile: sls.service.custom?.lvsched?.schedule ?? 'config/schedule.yaml',
      region: provider.getRegion(),
      service: sls.service.service,
      stage: provider.getStage(),
      now: Date.now(),
      metricsNamespace: sls.service.provider.environment?.METRICS_NAMESPACE,
    };
  }

  async generate() {
    const mod = await this.#module();
    let prepared;
    try {
      prepared = mod.prepareStack(this.#request());
    } catch (error) {
      // A bad schedule file is the user's to fix: its located messages, without a stack trace.
      if (error?.name === 'ScheduleFileError' || error?.name === 'UsageError') {
        throw new this.serverless.classes.Error(error.message, 'LVSCHED_INVALID_SCHEDULE');
      }
      throw error;
    }
    for (const message of prepared.messages) this.log?.warning(message);
    const service = this.serverless.service;
    service.resources ??= {};
    service.resources.Resources ??= {};
    Object.assign(service.resources.Resources, prepared.stack.resources);
    const provider = service.provider;
    provider.iam ??= {};
    provider.iam.role ??= {};
    provider.iam.role.statements ??= [];
    provider.iam.role.statements.push(...prepared.stack.iamStatements);
    provider.environment ??= {};
    provider.environment.ALERT_TOPIC_ARN = prepared.stack.alertTopicArn;
    service.resources.Outputs ??= {};
    service.resources.Outputs.AlertTopicArn = {
      Description: 'SNS topic that receives the alerts',
      Value: prepared.stack.alertTopicArn,
    };
    Object.assign(service.resources.Outputs, prepared.stack.outputs);
    this.prepared = prepared;
    this.log?.info(
      `lvsched: ${prepared.schedule.models.length} models, ${prepared.stack.plan.schedules.length} edge schedules + reconcile`,
    );
  }

  async build() {
    const mod = await this.#module();
    const sls = this.serverless;
    // osls packages into <service>/.serverless and moves that to --package afterwards.
    const packageDir = path.join(sls.serviceDir, '.serverless');
    const artifacts = await mod.buildFunctionArtifacts({
      serviceDir: sls.serviceDir,
      outDir: path.join(packageDir, 'lambda'),
      zipDir: packageDir,
      schedule: this.prepared.schedule,
      edgeSchedules: this.prepared.edgeSchedules,
    });
    for (const artifact of artifacts) {
      const fn = sls.service.getFunction(artifact.name);
      fn.package = { ...(fn.package ?? {}), artifact: artifact.zip };
      this.log?.info(`lvsched: ${artifact.name} bundle ${(artifact.bundleBytes / 1024).toFixed(0)} KB`);
    }
  }

  /**
   * The functions' role as osls compiled it: one sqs:SendMessage statement per function
   * destination, all the same (keep one), and logging on every group of the stage's name prefix
   * (name each function's group instead).
   */
  async finishRole() {
    const sls = this.serverless;
    const role = sls.service.provider.compiledCloudFormationTemplate.Resources.IamRoleLambdaExecution;
    const document = role?.Properties?.Policies?.[0]?.PolicyDocument;
    if (!document) return;
    const seen = new Set();
    const statements = document.Statement.filter((statement) => {
      const key = JSON.stringify(statement);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const { scopeLogStatements } = await this.#module();
    const provider = sls.getProvider('aws');
    const functionNames = sls.service.getAllFunctions().map((name) => sls.service.getFunction(name).name);
    document.Statement = scopeLogStatements(
      statements,
      { service: sls.service.service, stage: provider.getStage() },
      functionNames,
    );
  }
}

module.exports = LvschedPlugin;
