import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { GossipService, IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  IServerFeaturesServer,
  ServerFeaturesService,
} from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { IStreamsServer, StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './append-handlers';
import { ANY, InMemoryLog } from './in-memory-log';
import { readHandler } from './read-handler';

export interface EsdbDoubleOptions {
  /**
   * Advertise Streams.BatchAppend in ServerFeatures, as EventStoreDB 21.10+ does; the client then
   * appends through it. False: the client falls back to Streams.Append. Default true.
   */
  batchAppend?: boolean;
}

const HOST = '127.0.0.1';
const SERVER_VERSION = '24.10.0';

/**
 * An in-memory stand-in for a single insecure EventStoreDB node, speaking its gRPC protocol on
 * 127.0.0.1:<random port>: Streams (Read, Append, BatchAppend), ServerFeatures and Gossip.
 */
export class EsdbDouble {
  readonly log = new InMemoryLog();
  private server = new Server();
  private boundPort = 0;

  private constructor(private readonly options: EsdbDoubleOptions) {}

  static async start(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
    const double = new EsdbDouble(options);
    double.writeStartupSystemEvents();
    await double.listen();
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.boundPort}?tls=false`;
  }

  /** Writes an event of the server's own, like the $stats or $scavenges events a real node adds over time. */
  appendSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }));
    this.log.append(streamId, ANY, [
      { id: randomUUID(), type, contentType: 'application/json', data, metadata: new Uint8Array() },
    ]);
  }

  /** Ends every call (subscriptions see the connection drop) and frees the port. */
  async stop(): Promise<void> {
    this.server.forceShutdown();
  }

  /** A node restart: every call ends, nothing answers for `downMs`, then the same log on the same port. */
  async restart(downMs: number): Promise<void> {
    this.server.forceShutdown();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.server = new Server();
    await this.listen(this.boundPort);
  }

  private listen(port = 0): Promise<void> {
    const streams: Pick<IStreamsServer, 'read' | 'append' | 'batchAppend'> = {
      read: readHandler(this.log),
      append: appendHandler(this.log),
      batchAppend: batchAppendHandler(this.log),
    };
    // Delete and Tombstone are left out: the server answers UNIMPLEMENTED, as for any unknown method.
    this.server.addService(StreamsService, streams);
    const features: IServerFeaturesServer = {
      getSupportedMethods: (_call, callback) => callback(null, this.supportedMethods()),
    };
    const gossip: IGossipServer = { read: (_call, callback) => callback(null, this.clusterInfo()) };
    this.server.addService(ServerFeaturesService, features);
    this.server.addService(GossipService, gossip);
    return new Promise((resolve, reject) =>
      this.server.bindAsync(`${HOST}:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
        if (error) return reject(error);
        this.boundPort = bound;
        resolve();
      }),
    );
  }

  private supportedMethods(): SupportedMethods {
    const streams = ['read', 'append', ...(this.options.batchAppend === false ? [] : ['batchappend'])];
    return new SupportedMethods()
      .setEventStoreServerVersion(SERVER_VERSION)
      .setMethodsList([
        ...streams.map((name) =>
          new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name),
        ),
        new SupportedMethod()
          .setServiceName('event_store.client.server_features.serverfeatures')
          .setMethodName('getsupportedmethods'),
        new SupportedMethod().setServiceName('event_store.client.gossip.gossip').setMethodName('read'),
      ]);
  }

  /** A one-node cluster whose leader is this double, for esdb+discover:// connection strings. */
  private clusterInfo(): ClusterInfo {
    const leader = new MemberInfo()
      .setInstanceId(new UUID().setString('00000000-0000-4000-8000-000000000001'))
      .setTimeStamp(String(Date.now() * 10_000))
      .setState(MemberInfo.VNodeState.LEADER)
      .setIsAlive(true)
      .setHttpEndPoint(new EndPoint().setAddress(HOST).setPort(this.boundPort));
    return new ClusterInfo().setMembersList([leader]);
  }

  /** A fresh node's log does not start empty: epoch, default users and settings come first. */
  private writeStartupSystemEvents(): void {
    this.log.skip(128); // the chunk header and the first epoch record
    this.appendSystemEvent('$epochs', '$epoch-information');
    this.appendSystemEvent('$users', '$User');
    this.appendSystemEvent('$user-admin', '$UserCreated');
    this.appendSystemEvent('$users', '$User');
    this.appendSystemEvent('$user-ops', '$UserCreated');
    this.appendSystemEvent('$settings', '$settings');
  }
}
