import { AuthenticationSoap } from "../ports/AuthenticationSoap";
import { AuthenticationSoap12 } from "../ports/AuthenticationSoap12";

export interface Authentication {
    readonly AuthenticationSoap: AuthenticationSoap;
    readonly AuthenticationSoap12: AuthenticationSoap12;
}
