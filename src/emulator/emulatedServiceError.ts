/**
 * An error the emulated service answers with. `errorType` is the error shape's name in the service
 * model (e.g. `ConflictException`) and `members` its members besides `Message`; the HTTP layer
 * takes the status code and where each member goes (header or body) from the model.
 */
export class EmulatedServiceError extends Error {
  override readonly name = 'EmulatedServiceError';

  constructor(
    readonly errorType: string,
    message: string,
    readonly members: Readonly<Record<string, string | number | undefined>> = {},
    /** Only for errors the model does not define (e.g. UnknownOperationException). */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export type ResourceType = 'PROJECT' | 'DATASET' | 'MODEL' | 'TRIAL' | 'MODEL_PACKAGE_JOB';

export const resourceNotFound = (resourceType: ResourceType, resourceId: string, message: string) =>
  new EmulatedServiceError('ResourceNotFoundException', message, {
    ResourceId: resourceId,
    ResourceType: resourceType,
  });

export const conflict = (resourceType: ResourceType, resourceId: string, message: string) =>
  new EmulatedServiceError('ConflictException', message, {
    ResourceId: resourceId,
    ResourceType: resourceType,
  });
