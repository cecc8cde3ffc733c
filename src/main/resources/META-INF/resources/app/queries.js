// The GraphQL documents the page sends (schema: /graphql/schema.graphql).

export const VIEWER = `query Viewer {
  viewer { member { username } token { maskedToken scope } }
}`;

export const NODE_TOPICS = `query NodeTopics($name: String!, $page: Int!) {
  node(name: $name) {
    name title topicCount
    topics(page: $page) {
      items { id title replyCount author { username } }
      pageInfo { page perPage totalPages hasNextPage hasPreviousPage }
    }
  }
}`;

export const TOPIC = `query Topic($id: ID!, $page: Int!) {
  topic(id: $id) {
    id title content createdAt replyCount
    author { username }
    node { name title }
    replies(page: $page) {
      items { id content createdAt author { username } }
      pageInfo { page perPage totalPages hasNextPage hasPreviousPage }
    }
  }
}`;

export const NOTIFICATIONS = `query Notifications($page: Int!) {
  viewer {
    notifications(page: $page) {
      items { id text createdAt }
      pageInfo { page perPage totalItems totalPages hasNextPage hasPreviousPage }
    }
  }
}`;

export const DELETE_NOTIFICATION = `mutation DeleteNotification($id: ID!) {
  deleteNotification(id: $id) { deletedId }
}`;

export const CREATE_TOKEN = `mutation CreateToken($scope: TokenScope!, $expiration: TokenExpiration!) {
  createToken(scope: $scope, expiration: $expiration) { token }
}`;

// The shared upstream budget; costs no upstream call, so the page asks after each load.
export const BUDGET = `query Budget {
  rateLimit { limit remaining resetAt clientLimit clientRemaining }
}`;
