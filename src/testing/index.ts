/**
 * @module
 * `dashbase/testing`: test an app through its wire protocol, without a browser or a port.
 */
export {
  openTestApp,
  TestVisitor,
  type FollowOptions,
  type PushedMessage,
  type TestApp,
  type TestAppOptions,
  type TestAnswer,
  type TestDependency,
} from "./test-app.js";
export { signIn, createTestUser } from "./sign-in.js";
