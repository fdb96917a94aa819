import type { MetricsSink } from './metrics-sink.js';

export interface AgentSinkOptions {
  /** `tcp://host:port` or `udp://host:port` to use instead of aws-embedded-metrics' configured endpoint. */
  readonly endpoint: string | undefined;
  readonly onFailure: (error: unknown) => void;
}

interface DocumentCarrier {
  readonly documents: readonly string[];
}

interface AgentSinkLike {
  accept(context: never): Promise<void>;
}

/**
 * Sends documents to the CloudWatch agent through aws-embedded-metrics' AgentSink (its TCP/UDP clients, reconnects
 * and endpoint parsing), with our own serializer in front: the documents are already validated and split. The
 * library is imported on first use only, from its sink module rather than its index, whose import starts an
 * environment probe over the network.
 */
export function createAgentSink(options: AgentSinkOptions): MetricsSink {
  let sink: Promise<AgentSinkLike> | undefined;
  const load = async (): Promise<AgentSinkLike> => {
    if (options.endpoint !== undefined) {
      const configuration = await import('aws-embedded-metrics/lib/config/Configuration.js');
      // CommonJS `exports.default` seen from ESM: the namespace's default is the exports object.
      const settings = (configuration.default as unknown as { default: { agentEndpoint?: string } }).default;
      settings.agentEndpoint = options.endpoint;
    }
    const { AgentSink } = await import('aws-embedded-metrics/lib/sinks/AgentSink.js');
    const serializer = { serialize: (carrier: DocumentCarrier): string[] => [...carrier.documents] };
    // An empty log group keeps AgentSink from writing into our carrier; our documents name their own group.
    return new AgentSink('', undefined, serializer as never) as unknown as AgentSinkLike;
  };
  return {
    write(documents) {
      if (documents.length === 0) return undefined;
      sink ??= load();
      const carrier: DocumentCarrier = { documents };
      return sink.then((agent) => agent.accept(carrier as never)).catch(options.onFailure);
    },
  };
}
