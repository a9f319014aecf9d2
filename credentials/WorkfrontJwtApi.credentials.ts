import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_JWT_LIFETIME_SECONDS, exchangeJwtForSession, sharedExchange } from './workfront/exchange';

export const API_VERSIONS = ['22.0', '21.0', '20.0', '19.0', '18.0', '17.0', '16.0'];

export class WorkfrontJwtApi implements ICredentialType {
	name = 'workfrontJwtApi';

	displayName = 'Adobe Workfront JWT API';

	icon: Icon = { light: 'file:icons/workfront.svg', dark: 'file:icons/workfront.dark.svg' };

	documentationUrl = 'https://experienceleague.adobe.com/en/docs/workfront/using/adobe-workfront-api/api-notes/oauth-app-jwt-flow';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.my.workfront.com',
			description:
				'The origin of your Workfront instance, e.g. https://acme.my.workfront.com, https://acme.my.workfront.adobe.com or a preview/sandbox host such as https://acme.preview.workfront.com',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Client ID of the OAuth2 application (Setup > System > OAuth2 Applications, type "Machine to Machine")',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Client secret of the OAuth2 application. Workfront shows it only once.',
		},
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			required: true,
			description: 'Customer ID shown on the OAuth2 application; sent as the JWT issuer (iss)',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			description:
				'ID of the Workfront user who added the public key; sent as the JWT subject (sub). The API acts as this user.',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 5 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
			description:
				'RSA private key (PEM, 2048 bits or more) whose certificate is uploaded to the OAuth2 application. PKCS#8 and PKCS#1 both work.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: API_VERSIONS.map((version) => ({ name: `v${version}`, value: version })),
			default: '22.0',
			description: 'Workfront REST API version used for every call (each version is supported for three years)',
		},
		{
			displayName: 'JWT Lifetime (Seconds)',
			name: 'jwtLifetime',
			type: 'number',
			typeOptions: { minValue: 30, maxValue: 3600 },
			default: DEFAULT_JWT_LIFETIME_SECONDS,
			description:
				'How long the signed JWT is valid for its exchange. Workfront advises a few minutes; the session it buys lasts much longer and is renewed automatically.',
		},
		{
			displayName: 'Session Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * n8n calls this only when the stored session token is empty, after a request got HTTP 401, or when the
	 * credential is tested. The returned token is stored (encrypted) and reused by later executions; calls that
	 * overlap (several executions or requests starting at once) share one exchange.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await sharedExchange(credentials, async () =>
			await exchangeJwtForSession(async (options) => await this.helpers.httpRequest(options), credentials),
		);
		return { accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				sessionID: '={{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/^(https?:\\/\\/[^\\/?#]+).*$/i, "$1")}}',
			url: '=/attask/api/v{{$credentials.apiVersion}}/session',
			method: 'GET',
		},
	};
}
