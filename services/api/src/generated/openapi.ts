// Generated from services/api/openapi.yaml by generate.ts. Do not edit.
export interface paths {
  '/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where to go from here (a browser gets the web UI; its assets are under /ui/) */
    get: operations['getRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness (the process runs; checks no dependency) */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness, with status and latency per dependency, and the workers' consumers (reported, never failing) */
    get: operations['getReady'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Public keys that verify access tokens */
    get: operations['getJwks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an account with email and password (role viewer)
     * @description Registering again with the email and password of an existing account signs in to it (201,
     *     as for a new account). Any other registration with a taken email is refused with a 409 that
     *     names no account. Without email delivery, a refusal necessarily tells the caller that this
     *     email cannot be used; registration is rate-limited per IP.
     */
    post: operations['register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Trade a refresh token for a new token pair (the old one is spent)
     * @description Presenting a spent refresh token revokes every token of its login (family).
     */
    post: operations['refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke the refresh token's whole family */
    post: operations['logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/{provider}/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Start Google or GitHub login (redirects to the provider) */
    get: operations['oauthLogin'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/{provider}/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Finish Google or GitHub login (the provider redirects here) */
    get: operations['oauthCallback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All users */
    get: operations['listUsers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a user's role */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/api/v1/feeds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Feeds (Feed custom resources) with live status and item counts */
    get: operations['listFeeds'];
    put?: never;
    /** Create a Feed */
    post: operations['createFeed'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feeds/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create Feeds from an OPML file (multipart field `file`, at most 10 MB) */
    post: operations['importOpml'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feeds/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All Feeds as OPML 2.0 */
    get: operations['exportOpml'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feeds/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    /** One Feed with live status and item counts */
    get: operations['getFeed'];
    put?: never;
    post?: never;
    /** Delete a Feed (its deletionPolicy decides whether its items are purged) */
    delete: operations['deleteFeed'];
    options?: never;
    head?: never;
    /** Change a Feed's spec (JSON merge patch semantics; null removes a field) */
    patch: operations['updateFeed'];
    trace?: never;
  };
  '/api/v1/feeds/{namespace}/{name}/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run the Feed's ingest job now (a Job created from its CronJob) */
    post: operations['refreshFeed'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/items': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Items, newest first; with `q`, full-text search ranked by relevance */
    get: operations['listItems'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/items/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One item with its content */
    get: operations['getItem'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/items/{id}/related': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Items sharing entities or tags with this one, best first */
    get: operations['getRelatedItems'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/entities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Most-mentioned entities with counts */
    get: operations['listEntities'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/entities/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One entity with the items that mention it */
    get: operations['getEntity'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Stories (the same event across feeds), newest or biggest first
     * @description newest: by last item seen; biggest: by distinct source domains, then item count.
     */
    get: operations['listStories'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stories/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One story with its items, earliest first */
    get: operations['getStory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/graph/neighborhood': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Nodes and edges around an item (at most `limit` paths; `truncated` says more exist) */
    get: operations['getNeighborhood'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description RFC 9457 problem details */
    Problem: {
      /** Format: uri */
      type: string;
      title: string;
      status: number;
      detail?: string;
      instance?: string;
      errors?: {
        pointer: string;
        detail: string;
      }[];
    };
    RootLinks: {
      name: string;
      /** @description Swagger UI */
      docs: string;
      /** @description the OpenAPI document */
      openapi: string;
      /** @description base path of the API */
      api: string;
    };
    Health: {
      /** @enum {string} */
      status: 'ok';
    };
    Readiness: {
      /** @enum {string} */
      status: 'ok' | 'degraded' | 'unavailable';
      checks: {
        [key: string]: {
          /** @enum {string} */
          status: 'up' | 'down';
          latencyMs: number;
          required: boolean;
          error?: string;
        };
      };
      workers?: components['schemas']['WorkersHealth'];
    };
    /** @description The workers' durable consumers as JetStream sees them. Reported only: it never changes the top-level status or the HTTP status, so the API stays routable while a worker is absent (e.g. still starting, or dead). degraded = some consumer has no worker attached or was never created; unknown = JetStream could not be asked. */
    WorkersHealth: {
      /** @enum {string} */
      status: 'ok' | 'degraded' | 'unknown';
      error?: string;
      consumers: {
        /** @enum {string} */
        role: 'store' | 'graph' | 'enrich';
        stream: string;
        streamName: string;
        consumer: string;
        /** @enum {string} */
        status: 'ok' | 'unattached' | 'missing';
        attached: boolean;
        /** @description messages not yet delivered (num_pending) */
        pending: number;
        /** @description delivered, not yet acknowledged */
        ackPending: number;
        /** @description pending + ackPending */
        lag: number;
        redelivered: number;
        /** @description pull requests waiting on the server */
        waiting: number;
        /** Format: date-time */
        lastActive: string | null;
      }[];
    };
    Jwks: {
      keys: {
        kty: string;
        kid: string;
        alg?: string;
        crv?: string;
        x?: string;
        y?: string;
        use?: string;
      }[];
    };
    /** Format: email */
    Email: string;
    Registration: {
      email: components['schemas']['Email'];
      password: string;
      name?: string;
    };
    Credentials: {
      email: components['schemas']['Email'];
      password: string;
    };
    RefreshRequest: {
      refreshToken: string;
    };
    Session: {
      accessToken: string;
      /** @enum {string} */
      tokenType: 'Bearer';
      /** @description seconds */
      expiresIn: number;
      refreshToken: string;
      /** @description seconds */
      refreshExpiresIn: number;
      user: components['schemas']['User'];
    };
    /** @enum {string} */
    Role: 'viewer' | 'editor' | 'admin';
    User: {
      /** Format: uuid */
      id: string;
      email: string;
      name: string | null;
      role: components['schemas']['Role'];
      emailVerified: boolean;
      providers: ('password' | 'google' | 'github')[];
      /** Format: date-time */
      createdAt: string;
    };
    UserPage: {
      items: components['schemas']['User'][];
      nextCursor: string | null;
    };
    UserUpdate: {
      role: components['schemas']['Role'];
    };
    K8sName: string;
    /**
     * @description The Feed custom resource's spec. Kubernetes enforces the full schema (CRD + CEL rules):
     *     its rejections come back as 422 with a pointer per field.
     */
    FeedSpec: {
      url: string;
      schedule?: string;
      interval?: string;
      suspend?: boolean;
      tags?: string[];
      fetch?: {
        [key: string]: unknown;
      };
      enrich?: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      deletionPolicy?: 'Retain' | 'Delete';
    };
    FeedCreate: {
      namespace: components['schemas']['K8sName'];
      name: components['schemas']['K8sName'];
      labels?: {
        [key: string]: string;
      };
      spec: components['schemas']['FeedSpec'];
    };
    FeedUpdate: {
      labels?: {
        [key: string]: string | null;
      };
      spec?: {
        url?: string;
        schedule?: string | null;
        interval?: string | null;
        suspend?: boolean | null;
        tags?: string[] | null;
        fetch?: {
          [key: string]: unknown;
        } | null;
        enrich?: {
          [key: string]: unknown;
        } | null;
        /** @enum {string|null} */
        deletionPolicy?: 'Retain' | 'Delete' | null;
      };
    };
    Feed: {
      namespace: string;
      name: string;
      uid: string;
      generation: number;
      /** Format: date-time */
      createdAt: string | null;
      labels: {
        [key: string]: string;
      };
      spec: {
        [key: string]: unknown;
      };
      /** @description the operator's live status (conditions, last fetch, errors, ...) */
      status: {
        [key: string]: unknown;
      };
      /** @description counts from the item store */
      items: {
        count: number;
        /** Format: date-time */
        lastItemTime: string | null;
      };
    };
    FeedPage: {
      items: components['schemas']['Feed'][];
      nextCursor: string | null;
    };
    RefreshJob: {
      namespace: string;
      jobName: string;
    };
    ImportReport: {
      /** @description the namespace the Feeds were created in */
      namespace: string;
      created: number;
      skipped: number;
      failed: number;
      results: {
        url: string;
        title?: string | null;
        namespace?: string;
        name?: string;
        /** @enum {string} */
        outcome: 'created' | 'exists' | 'invalid' | 'failed';
        detail?: string;
      }[];
    };
    /** @description `<feed uid>:<item key>` (URL-encode it in paths) */
    ItemIdValue: string;
    Author: {
      name: string;
      email: string;
      uri: string;
    };
    FeedRef: {
      uid: string;
      namespace: string | null;
      name: string | null;
    };
    Item: {
      id: components['schemas']['ItemIdValue'];
      feed: components['schemas']['FeedRef'];
      key: string;
      guid: string | null;
      link: string | null;
      title: string | null;
      /** @description sanitized HTML */
      summary: string | null;
      /** Format: date-time */
      published: string | null;
      /** Format: date-time */
      updated: string | null;
      authors: components['schemas']['Author'][];
      categories: string[];
      language: string | null;
      /** @description relevance */
      rank?: number;
      /** @description the story the item belongs to */
      storyId: string | null;
      /** @description the story's earliest item when this one is a near-duplicate copy of it */
      duplicateOf: components['schemas']['ItemIdValue'] | null;
    };
    ItemDetail: components['schemas']['Item'] & {
      /** @description sanitized HTML */
      content: string | null;
      enclosures: {
        url: string;
        type: string;
        length: number;
      }[];
      contentHash: string;
    };
    ItemPage: {
      items: components['schemas']['Item'][];
      nextCursor: string | null;
    };
    EntityRef: {
      id: string;
      type: components['schemas']['EntityType'];
      name: string;
    };
    Story: {
      id: string;
      /** @description the lead item's title */
      title: string | null;
      /** Format: date-time */
      firstSeen: string;
      /** Format: date-time */
      lastSeen: string;
      itemCount: number;
      /** @description distinct source domains (source diversity) */
      sourceCount: number;
      sources: {
        feed: components['schemas']['FeedRef'];
        domain: string;
      }[];
      /** @description entities its items mention (from the graph), most mentioned first */
      entities: components['schemas']['EntityRef'][];
      leadItemId: components['schemas']['ItemIdValue'];
    };
    StoryPage: {
      stories: components['schemas']['Story'][];
      nextCursor: string | null;
    };
    StoryDetail: components['schemas']['Story'] & {
      /** @description earliest first */
      items: components['schemas']['Item'][];
    };
    EntityTimeline: {
      entity: components['schemas']['EntityRef'];
      /** @enum {string} */
      bucket: 'hour' | 'day';
      /** @description one per bucket with mentions (items mentioning the entity, by publication time) */
      points: {
        /** Format: date-time */
        t: string;
        mentions: number;
      }[];
      stories: components['schemas']['Story'][];
      coMentioned: {
        id: string;
        type: components['schemas']['EntityType'];
        name: string;
        /** @description items mentioning both */
        count: number;
      }[];
    };
    TrendList: {
      /** @enum {string} */
      window: '1h' | '6h' | '24h' | '7d';
      trends: {
        entity: components['schemas']['EntityRef'];
        count: number;
        baseline: number;
        score: number;
      }[];
    };
    /** @enum {string} */
    EntityType: 'person' | 'organization' | 'place' | 'topic';
    ItemSummary: {
      id: string;
      feedUid: string;
      key: string;
      title: string | null;
      link: string | null;
      published: string | null;
    };
    Entity: {
      id: string;
      type: components['schemas']['EntityType'];
      name: string;
      /** @description distinct items mentioning it */
      items: number;
      /** @description total mentions */
      mentions: number;
    };
    EntityList: {
      items: components['schemas']['Entity'][];
    };
    EntityDetail: {
      id: string;
      type: components['schemas']['EntityType'];
      name: string;
      items: (components['schemas']['ItemSummary'] & {
        count: number;
      })[];
    };
    RelatedList: {
      items: (components['schemas']['ItemSummary'] & {
        score: number;
        sharedEntities: number;
        sharedTags: number;
      })[];
    };
    Neighborhood: {
      /** @description more than `limit` paths exist; the subgraph shown is a part of it */
      truncated: boolean;
      nodes: {
        id: string;
        /** @enum {string} */
        label: 'Feed' | 'Item' | 'Author' | 'Tag' | 'Entity';
        name: string | null;
      }[];
      edges: {
        from: string;
        to: string;
        type: string;
      }[];
    };
  };
  responses: {
    /** @description the request does not match the schema (`errors[].pointer` names each bad field) */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description missing, invalid or expired credentials */
    Unauthorized: {
      headers: {
        'WWW-Authenticate'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description the user's role is below the operation's x-required-role */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description no such resource (`detail` says which, e.g. the feed or its namespace) */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description already exists, or conflicts with the current state */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description the account cannot be created with this email and password (no reason given) */
    RegistrationRefused: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Kubernetes rejected the Feed (its CRD validation); `errors` lists the fields */
    Unprocessable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description the body is missing or of another media type (`detail` names the expected one) */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description upload too large */
    TooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description rate limit reached (see the RateLimit and Retry-After headers) */
    TooManyRequests: {
      headers: {
        RateLimit?: string;
        'RateLimit-Policy'?: string;
        'Retry-After'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description a backing service (Kubernetes, Neo4j) failed */
    BadGateway: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: {
    Provider: 'google' | 'github';
    Namespace: components['schemas']['K8sName'];
    FeedName: components['schemas']['K8sName'];
    ItemId: components['schemas']['ItemIdValue'];
    /** @description type and normalized name, e.g. organization:acme */
    EntityId: string;
    Limit: number;
    /** @description opaque; the `nextCursor` of the previous page */
    Cursor: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getRoot: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description links to the documentation and the API, or the web UI when the client prefers HTML */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RootLinks'];
          'text/html': string;
        };
      };
    };
  };
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description alive */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
    };
  };
  getReady: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description every required dependency answered */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
      /** @description a dependency is down, or the server is shutting down */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
    };
  };
  getJwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON Web Key Set */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Jwks'];
        };
      };
    };
  };
  register: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['Registration'];
      };
    };
    responses: {
      /** @description account created and signed in */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      400: components['responses']['BadRequest'];
      409: components['responses']['RegistrationRefused'];
      429: components['responses']['TooManyRequests'];
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['Credentials'];
      };
    };
    responses: {
      /** @description signed in */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
    };
  };
  refresh: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshRequest'];
      };
    };
    responses: {
      /** @description new token pair */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshRequest'];
      };
    };
    responses: {
      /** @description signed out (also when the token was unknown) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      429: components['responses']['TooManyRequests'];
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
    };
  };
  oauthLogin: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: components['parameters']['Provider'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description redirect to the provider's authorization page */
      302: {
        headers: {
          Location?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
    };
  };
  oauthCallback: {
    parameters: {
      query?: {
        code?: string;
        state?: string;
        iss?: string;
        error?: string;
        error_description?: string;
      };
      header?: never;
      path: {
        provider: components['parameters']['Provider'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description signed in (first login creates the account; a verified email links to an existing one). A browser (Accept prefers HTML) gets a page that hands the session to the web UI, also for a refused login (401). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
          'text/html': string;
        };
      };
      /** @description the provider refused, or the login session is invalid (problem+json; HTML for a browser) */
      401: {
        headers: {
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
    };
  };
  listUsers: {
    parameters: {
      query?: {
        limit?: components['parameters']['Limit'];
        /** @description opaque; the `nextCursor` of the previous page */
        cursor?: components['parameters']['Cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of users */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UserUpdate'];
      };
    };
    responses: {
      /** @description the updated user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
    };
  };
  listFeeds: {
    parameters: {
      query?: {
        /** @description only this namespace (default all namespaces) */
        namespace?: components['schemas']['K8sName'];
        limit?: components['parameters']['Limit'];
        /** @description opaque; the `nextCursor` of the previous page */
        cursor?: components['parameters']['Cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of feeds */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeedPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  createFeed: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['FeedCreate'];
      };
    };
    responses: {
      /** @description created */
      201: {
        headers: {
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Feed'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  importOpml: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /** Format: binary */
          file: string;
          /** @description where the Feeds are created (default `default`); the report names it */
          namespace?: components['schemas']['K8sName'];
          interval?: string;
        };
      };
    };
    responses: {
      /** @description one result per outline entry */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['TooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
    };
  };
  exportOpml: {
    parameters: {
      query?: {
        namespace?: components['schemas']['K8sName'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OPML document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/x-opml': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  getFeed: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the feed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Feed'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  deleteFeed: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description deletion accepted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  updateFeed: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['FeedUpdate'];
        'application/merge-patch+json': components['schemas']['FeedUpdate'];
      };
    };
    responses: {
      /** @description the updated feed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Feed'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  refreshFeed: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['Namespace'];
        name: components['parameters']['FeedName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description job created */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RefreshJob'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  listItems: {
    parameters: {
      query?: {
        /** @description full-text query in websearch syntax (words, "phrases", -exclusions, OR) */
        q?: string;
        /** @description feed as namespace/name (the `/` may stay unencoded) or its uid */
        feed?: string;
        tag?: string;
        author?: string;
        /** @description entity id (type:normalized name), from the graph */
        entity?: string;
        language?: string;
        since?: string;
        until?: string;
        limit?: components['parameters']['Limit'];
        /** @description opaque; the `nextCursor` of the previous page */
        cursor?: components['parameters']['Cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of items */
      200: {
        headers: {
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ItemPage'];
        };
      };
      /** @description not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
    };
  };
  getItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['ItemId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the item */
      200: {
        headers: {
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ItemDetail'];
        };
      };
      /** @description not modified */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
    };
  };
  getRelatedItems: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: components['parameters']['ItemId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description related items */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RelatedList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  listEntities: {
    parameters: {
      query?: {
        type?: components['schemas']['EntityType'];
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description entities */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  getEntity: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        /** @description type and normalized name, e.g. organization:acme */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the entity */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  listStories: {
    parameters: {
      query?: {
        sort?: 'newest' | 'biggest';
        /** @description entity id (type:normalized name); stories with an item mentioning it */
        entity?: string;
        tag?: string;
        /** @description feed as namespace/name (the `/` may stay unencoded) or its uid */
        feed?: string;
        /** @description stories with an item seen at or after this time */
        since?: string;
        limit?: components['parameters']['Limit'];
        /** @description opaque; the `nextCursor` of the previous page */
        cursor?: components['parameters']['Cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of stories */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoryPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  getStory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the story */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoryDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
  getNeighborhood: {
    parameters: {
      query: {
        /** @description item id, as in `/api/v1/items/{id}` (the `:` may stay unencoded) */
        node: components['schemas']['ItemIdValue'];
        depth?: 1 | 2;
        /** @description at most this many paths */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description subgraph */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Neighborhood'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      502: components['responses']['BadGateway'];
    };
  };
}
